/**
 * Legacy API 2.0 (GetRedisBackupList) with requests signed by hand per the 2.0 document: signature methods, the
 * host rule, record-offset paging, no status filter, no spec-change rows, and the error envelope.
 */
import { formatApiTime } from "../../src/backups/time";
import { type RunningEmulator, startEmulator, type V3Row } from "../../src/emulator";
import { HOUR, seedRows } from "../support/seed-rows";
import { type LegacyOptions, legacyBody, legacyRequest } from "./signer";

const INSTANCE = "crs-legacy01";
const NOW = Date.now();
let emulator: RunningEmulator;

const row = seedRows(NOW);

const rows: V3Row[] = [
  ...Array.from({ length: 45 }, (_, i) => row(`sys-${i}`, i + 1, "1")),
  row("manual-locked", 0.5, "0", { Locked: 1, Remark: "hold" }),
  row("expired", 50, "1", { Status: -1 }),
  row("spec", 2.5, "2"),
];

beforeAll(async () => {
  emulator = await startEmulator({
    seed: { instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", backups: rows }] },
  });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator.close());

const list = (query: Record<string, string> = {}, options: LegacyOptions = {}) =>
  legacyRequest(emulator.url, { redisId: INSTANCE, limit: "100", offset: "0", ...query }, options).then(
    legacyBody,
  );

describe("accepted", () => {
  it.each([
    ["HmacSHA256", { method: "HmacSHA256" }],
    ["HmacSHA1", { method: "HmacSHA1" }],
    ["no SignatureMethod (HmacSHA1, the doc's default)", { method: null }],
  ] as [string, LegacyOptions][])("%s", async (_name, options) => {
    const body = await list({}, options);
    expect(body).toMatchObject({ code: 0, message: "", codeDesc: "Success", totalCount: 47 });
  });

  it("a host signed without the port it was sent with only when asked (sdkCompatible)", async () => {
    const query = { redisId: INSTANCE, limit: "100", offset: "0" };
    const strict = legacyBody(await legacyRequest(emulator.url, query, { signedHost: "127.0.0.1" }));
    expect(strict.codeDesc).toBe("AuthFailure.SignatureFailure");
    const lenient = await startEmulator({
      sdkCompatible: true,
      seed: { instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", backups: rows }] },
    });
    try {
      const body = legacyBody(await legacyRequest(lenient.url, query, { signedHost: "127.0.0.1" }));
      expect(body).toMatchObject({ code: 0, totalCount: 47 });
    } finally {
      await lenient.close();
    }
  });

  it("lists every status, no spec-change row, with the 2.0 field names and type codes", async () => {
    const body = await list();
    const set: Record<string, unknown>[] = body.data.redisBackupSet;
    expect(set).toHaveLength(47);
    expect(set.map((r) => r.backupId)).not.toContain("spec");
    expect(set.find((r) => r.backupId === "expired")).toMatchObject({ status: -1 });
    expect(set.find((r) => r.backupId === "manual-locked")).toEqual({
      startTime: rows[45]!.StartTime,
      backupId: "manual-locked",
      backupType: "manualBackupInstance",
      status: 2,
      remark: "hold",
      locked: 1,
    });
    expect(set.find((r) => r.backupId === "sys-0")).toMatchObject({ backupType: "systemBackupInstance" });
  });

  it("pages by record offset (offset 10, limit 20 reads records 10..29)", async () => {
    const all = (await list()).data.redisBackupSet.map((r: { backupId: string }) => r.backupId);
    const page = await list({ offset: "10", limit: "20" });
    expect(page.totalCount).toBe(47);
    expect(page.data.redisBackupSet.map((r: { backupId: string }) => r.backupId)).toEqual(all.slice(10, 30));
  });

  it("filters on startTime with beginTime and endTime (Beijing, inclusive)", async () => {
    const page = await list({
      beginTime: formatApiTime(NOW - 2 * HOUR),
      endTime: formatApiTime(NOW - 1 * HOUR),
    });
    const ids = page.data.redisBackupSet.map((r: { backupId: string }) => r.backupId).sort();
    expect(ids).toEqual(["sys-0", "sys-1"]);
  });
});

describe("refused", () => {
  const now = Math.floor(Date.now() / 1000);
  it.each([
    ["a wrong SecretKey", {}, { secretKey: "wrong" }, 4100, "AuthFailure.SignatureFailure"],
    ["a forged signature", {}, { signature: "AAAA" }, 4100, "AuthFailure.SignatureFailure"],
    ["an unknown SecretId", {}, { secretId: "AKIDOTHER" }, 4100, "AuthFailure.SecretIdNotFound"],
    ["a timestamp 10 minutes old", {}, { timestamp: now - 600 }, 4100, "AuthFailure.SignatureExpire"],
    ["another host signed", {}, { signedHost: "redis.api.qcloud.com" }, 4100, "AuthFailure.SignatureFailure"],
    ["limit 101", { limit: "101" }, {}, 11201, "InvalidParameter"],
    ["a negative offset", { offset: "-1" }, {}, 11201, "InvalidParameter"],
    ["a malformed beginTime", { beginTime: "2026-01-01" }, {}, 11201, "InvalidParameter"],
    ["an unknown redisId", { redisId: "crs-nothere" }, {}, 11201, "InvalidParameter"],
    ["another region", {}, { region: "ap-beijing" }, 11201, "InvalidParameter"],
    ["a region Tencent does not have", {}, { region: "mars-1" }, 4000, "UnsupportedRegion"],
    [
      "an offset beyond Number.MAX_SAFE_INTEGER",
      { offset: "9223372036854775808" },
      {},
      11201,
      "InvalidParameter",
    ],
    ["Nonce 0 (it must be a positive integer)", { Nonce: "0" }, {}, 4100, "AuthFailure.InvalidAuthorization"],
    ["no Action", { Action: "" }, {}, 11201, "InvalidParameter"],
  ] as [
    string,
    Record<string, string>,
    LegacyOptions,
    number,
    string,
  ][])("%s", async (_name, query, options, code, codeDesc) => {
    const body = await list(query, options);
    expect(body).toMatchObject({ code, codeDesc, message: expect.any(String) });
    expect(body.data).toBeUndefined();
  });

  it("an action other than GetRedisBackupList", async () => {
    const body = legacyBody(
      await legacyRequest(emulator.url, { Action: "DescribeRedis", redisId: INSTANCE }),
    );
    expect(body.code).not.toBe(0);
    expect(body.codeDesc).toBe("InvalidAction");
  });
});

describe("security tokens", () => {
  it("a temporary key's requests must carry exactly its Token; a stray Token can be refused", async () => {
    const credentials = { secretId: "AKIDTEMPORARY", secretKey: "temporary-key", token: "session-token-1" };
    const temporary = await startEmulator({ credentials });
    const permanent = await startEmulator({ unexpectedToken: "refuse" });
    try {
      const signed = { secretId: credentials.secretId, secretKey: credentials.secretKey };
      const call = (url: string, query: Record<string, string>, options: LegacyOptions = {}) =>
        legacyRequest(url, { redisId: INSTANCE, ...query }, options).then(legacyBody);
      for (const query of [{}, { Token: "session-token-2" }] as Record<string, string>[]) {
        expect(await call(temporary.url, query, signed)).toMatchObject({
          code: 4100,
          codeDesc: "AuthFailure.TokenFailure",
        });
      }
      const admitted = await call(temporary.url, { Token: credentials.token }, signed);
      expect(admitted.codeDesc).toBe("InvalidParameter"); // signature and token fine; no such instance
      expect(await call(permanent.url, { Token: "stray-token" })).toMatchObject({
        code: 4100,
        codeDesc: "AuthFailure.TokenFailure",
      });
    } finally {
      await temporary.close();
      await permanent.close();
    }
  });
});

describe("faults and the log", () => {
  it("serves listing faults in the 2.0 shape", async () => {
    emulator.injectFault({ kind: "unknownType", action: "GetRedisBackupList" });
    const set = (await list()).data.redisBackupSet;
    expect(set[0].backupType).toBe("7");
    emulator.injectFault({ kind: "foreignRow", action: "GetRedisBackupList" });
    expect((await list()).data.redisBackupSet[0].redisId).toBe("crs-foreign1");
    emulator.injectFault({ kind: "nullSet" });
    const empty = await list();
    expect(empty.data.redisBackupSet).toBeNull();
    expect(empty.totalCount).toBeGreaterThan(0);
  });

  it("answers error faults with a non-zero code and the 3.0 name", async () => {
    emulator.injectFault({ kind: "internalError" });
    expect(await list()).toMatchObject({ code: 6000, codeDesc: "InternalError" });
  });

  it("logs 2.0 requests as legacy, without Signature, SecretId or Nonce", () => {
    const legacy = emulator.requestLog.filter((entry) => entry.dialect === "legacy");
    expect(legacy.length).toBeGreaterThan(10);
    expect(legacy[0]!.params).toMatchObject({ Action: "GetRedisBackupList", redisId: INSTANCE });
    for (const entry of legacy) {
      expect(Object.keys(entry.params)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/Signature|SecretId|Nonce/)]),
      );
    }
  });
});
