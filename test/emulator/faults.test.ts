/**
 * Each injectable fault does what the contract says, seen on the wire (hand-signed requests); faults are
 * scoped by action, count and `after`; the rate limit; close() ends hanging requests.
 */
import { formatApiTime } from "../../src/backups/time";
import { type Fault, type RunningEmulator, startEmulator, type V3Row } from "../../src/emulator";
import { type RawAnswer, tc3Request, v3Response } from "./signer";

const INSTANCE = "crs-faults01";
const NOW = Date.now();
const rows: V3Row[] = Array.from({ length: 30 }, (_, i) => ({
  BackupId: `row-${i}`,
  StartTime: formatApiTime(NOW - 60_000 * (i + 1)),
  BackupType: "1",
  Status: 2,
  Locked: 0,
}));
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: { instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", backups: rows }] },
  });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator.close());

const page = (offset = 0, timeoutMs?: number) =>
  tc3Request(
    emulator.url,
    { InstanceId: INSTANCE, Limit: 10, Offset: offset },
    timeoutMs ? { timeoutMs } : {},
  );
const ids = (response: Record<string, any>) => response.BackupSet.map((r: V3Row) => r.BackupId);
const parses = (answer: RawAnswer) => {
  try {
    JSON.parse(answer.text);
    return true;
  } catch {
    return false;
  }
};

describe("each fault", () => {
  it.each([
    ["internalError", "InternalError"],
    ["systemError", "FailedOperation.SystemError"],
    ["requestLimitExceeded", "RequestLimitExceeded"],
    ["permissionDenied", "UnauthorizedOperation.NoCAMAuthed"],
  ] as [Fault["kind"], string][])("%s answers the error %s once, then the page", async (kind, code) => {
    emulator.injectFault({ kind });
    expect(v3Response(await page()).Error.Code).toBe(code);
    expect(v3Response(await page()).TotalCount).toBe(30);
  });

  it("http500: HTTP status 500", async () => {
    emulator.injectFault({ kind: "http500" });
    expect((await page()).status).toBe(500);
  });

  it("malformed: 200 with a body that is not JSON", async () => {
    emulator.injectFault({ kind: "malformed" });
    const answer = await page();
    expect(answer.status).toBe(200);
    expect(parses(answer)).toBe(false);
  });

  it("truncated: 200 with JSON cut mid-body", async () => {
    emulator.injectFault({ kind: "truncated" });
    const answer = await page();
    expect(answer.text.startsWith('{"Response":')).toBe(true);
    expect(parses(answer)).toBe(false);
  });

  it("emptyBody: 200 with an empty body", async () => {
    emulator.injectFault({ kind: "emptyBody" });
    expect(await page()).toEqual({ status: 200, text: "" });
  });

  it("slow: the right answer after delayMs", async () => {
    emulator.injectFault({ kind: "slow", delayMs: 300 });
    const started = Date.now();
    const response = v3Response(await page());
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(response.TotalCount).toBe(30);
  });

  it("hang: no answer at all (the client times out), then normal again", async () => {
    emulator.injectFault({ kind: "hang" });
    await expect(page(0, 300)).rejects.toThrow(/client timeout/);
    expect(v3Response(await page()).TotalCount).toBe(30);
    expect(emulator.requestLog).toContainEqual(
      expect.objectContaining({ httpStatus: 0, errorCode: "fault:hang" }),
    );
  });

  it("answers a repeated query from its kept rows until a backup is added, then with the new row", async () => {
    const own = await startEmulator({
      seed: { instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", backups: rows }] },
    });
    try {
      const query = (offset: number) =>
        tc3Request(own.url, { InstanceId: INSTANCE, Limit: 10, Offset: offset });
      const all = async () => {
        const pages = await Promise.all([0, 10, 20, 30].map(query));
        return pages.map(v3Response).flatMap((response) => ids(response));
      };
      expect(await all()).toHaveLength(30);
      own.addBackup(INSTANCE, {
        ...(rows[0] as V3Row),
        BackupId: "row-added",
        StartTime: formatApiTime(NOW),
      });
      expect(v3Response(await query(0)).TotalCount).toBe(31);
      expect(await all()).toContain("row-added");
    } finally {
      await own.close();
    }
  });

  it("clearRequestLog empties the log, and the same array keeps recording", async () => {
    const log = emulator.requestLog;
    await page();
    emulator.clearRequestLog();
    expect(emulator.requestLog).toEqual([]);
    await page(10);
    expect(log).toEqual([expect.objectContaining({ action: "DescribeInstanceBackups", httpStatus: 200 })]);
    expect(log[0]?.params).toMatchObject({ InstanceId: INSTANCE, Offset: 10 });
  });

  it("totalCountDrift: TotalCount differs from the previous page's", async () => {
    const first = v3Response(await page(0));
    emulator.injectFault({ kind: "totalCountDrift" });
    const second = v3Response(await page(10));
    expect(first.TotalCount).toBe(30);
    expect(second.TotalCount).not.toBe(first.TotalCount);
  });

  it("duplicateRows: the previous page's last row served again on the next page", async () => {
    const first = ids(v3Response(await page(0)));
    emulator.injectFault({ kind: "duplicateRows" });
    const second = ids(v3Response(await page(10)));
    expect(second[0]).toBe(first.at(-1));
    expect(new Set([...first, ...second]).size).toBe(20); // nothing lost
  });

  it("missingFields: a row without BackupId and StartTime", async () => {
    emulator.injectFault({ kind: "missingFields" });
    const set: Record<string, unknown>[] = v3Response(await page()).BackupSet;
    expect(set.filter((r) => r.BackupId === undefined && r.StartTime === undefined)).toHaveLength(1);
    expect(set.filter((r) => typeof r.BackupId === "string")).toHaveLength(9);
  });

  it('unknownType: a row with BackupType "7"', async () => {
    emulator.injectFault({ kind: "unknownType" });
    const set: V3Row[] = v3Response(await page()).BackupSet;
    expect(set.filter((r) => r.BackupType === "7")).toHaveLength(1);
  });

  it("foreignRow: the first row names another instance; every row names its own otherwise", async () => {
    const own: V3Row[] = v3Response(await page()).BackupSet;
    expect(own.every((r) => r.InstanceId === INSTANCE)).toBe(true);
    emulator.injectFault({ kind: "foreignRow" });
    const set: V3Row[] = v3Response(await page()).BackupSet;
    expect(set.map((r) => r.InstanceId)).toEqual([
      "crs-foreign1",
      ...Array.from({ length: set.length - 1 }, () => INSTANCE),
    ]);
  });

  it("nullSet: BackupSet null with TotalCount > 0", async () => {
    emulator.injectFault({ kind: "nullSet" });
    const response = v3Response(await page());
    expect(response.BackupSet).toBeNull();
    expect(response.TotalCount).toBeGreaterThan(0);
  });
});

describe("fault scoping", () => {
  it("fires only for its action", async () => {
    emulator.injectFault({ kind: "internalError", action: "RestoreInstance" });
    expect(v3Response(await page()).TotalCount).toBe(30);
    const restore = await tc3Request(
      emulator.url,
      { InstanceId: INSTANCE, BackupId: "row-0" },
      { action: "RestoreInstance" },
    );
    expect(v3Response(restore).Error.Code).toBe("InternalError");
  });

  it("fires `times` times after letting `after` requests through", async () => {
    emulator.injectFault({ kind: "internalError", times: 2, after: 1 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(v3Response(await page()).Error?.Code ?? "ok");
    expect(codes).toEqual(["ok", "InternalError", "InternalError", "ok"]);
  });

  it("fires forever with times: Infinity, until clearFaults()", async () => {
    emulator.injectFault({ kind: "http500", times: Infinity });
    for (let i = 0; i < 5; i++) expect((await page()).status).toBe(500);
    emulator.clearFaults();
    expect((await page()).status).toBe(200);
  });

  it("refuses an unknown kind", () => {
    expect(() => emulator.injectFault({ kind: "gremlins" as Fault["kind"] })).toThrow(/unknown fault kind/);
  });
});

describe("the rate limit", () => {
  it("answers RequestLimitExceeded over N requests per second per action, shared by all clients", async () => {
    const limited = await startEmulator({
      seed: { instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", backups: rows }] },
      rateLimit: 3,
    });
    try {
      const list = () => tc3Request(limited.url, { InstanceId: INSTANCE }).then(v3Response);
      const burst = await Promise.all(Array.from({ length: 5 }, list));
      const codes = burst.map((r) => r.Error?.Code ?? "ok").sort();
      expect(codes).toEqual(["RequestLimitExceeded", "RequestLimitExceeded", "ok", "ok", "ok"]);
      const other = await tc3Request(limited.url, { TaskId: 1 }, { action: "DescribeTaskInfo" });
      expect(v3Response(other).Error.Code).toBe("InvalidParameterValue"); // not limited: no such task
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      expect((await list()).TotalCount).toBe(30);
    } finally {
      await limited.close();
    }
  });
});

describe("close()", () => {
  it("ends hanging requests so nothing keeps the process alive", async () => {
    const hanging = await startEmulator({ seed: { instances: [] } });
    hanging.injectFault({ kind: "hang", times: Infinity });
    const pending = tc3Request(hanging.url, { InstanceId: INSTANCE }, { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await hanging.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("answers and listings that leave something out", () => {
  const SOURCE = "crs-faults02";
  let own: RunningEmulator;
  beforeAll(async () => {
    own = await startEmulator({
      seed: {
        instances: [
          {
            instanceId: SOURCE,
            region: "ap-guangzhou",
            password: "pw-faults",
            backups: [
              { ...(rows[0] as V3Row), Remark: "a remark longer than twenty characters" },
              { ...(rows[1] as V3Row), Remark: "short" },
            ],
          },
        ],
      },
    });
  });
  afterAll(() => own.close());
  const listing = async () =>
    v3Response(await tc3Request(own.url, { InstanceId: SOURCE, Limit: 10, Offset: 0 }));

  it("remarkCut: every remark cut to 20 characters", async () => {
    own.injectFault({ kind: "remarkCut" });
    const remarks = async () => (await listing()).BackupSet.map((row: V3Row) => row.Remark);
    expect(await remarks()).toEqual(["a remark longer than", "short"]);
    expect(await remarks()).toEqual(["a remark longer than twenty characters", "short"]);
  });

  it("newestHidden: the newest row is not listed, and TotalCount agrees", async () => {
    own.injectFault({ kind: "newestHidden" });
    const response = await listing();
    expect(response.TotalCount).toBe(1);
    expect(ids(response)).toEqual([rows[1]!.BackupId]);
    expect(ids(await listing())).toEqual([rows[0]!.BackupId, rows[1]!.BackupId]);
  });

  it("noInstanceIds: CloneInstances answers without InstanceIds, and the clone is made all the same", async () => {
    own.injectFault({ kind: "noInstanceIds" }); // bound to CloneInstances: other answers pass untouched
    expect((await listing()).TotalCount).toBe(2);
    const answer = v3Response(
      await tc3Request(
        own.url,
        {
          InstanceId: SOURCE,
          BackupId: rows[0]!.BackupId,
          GoodsNum: 1,
          ZoneId: 100003,
          BillingMode: 0,
          Period: 1,
          SecurityGroupIdList: ["sg-1"],
          Password: "pw-faults",
        },
        { action: "CloneInstances" },
      ),
    );
    expect(answer.InstanceIds).toBeUndefined();
    expect(answer.DealName).toEqual(expect.any(String));
    expect(own.instance(SOURCE)?.clones).toHaveLength(1);
  });
});
