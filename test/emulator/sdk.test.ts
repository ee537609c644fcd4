/**
 * The emulator against the official SDK (a reference client built by Tencent), over loopback HTTP, and against a
 * request signed by hand per the public TC3 document.
 */
import { createHash, createHmac } from "node:crypto";
import * as http from "node:http";
import { formatApiTime } from "../../src/backups/time";
import {
  EMULATOR_SECRET_ID,
  EMULATOR_SECRET_KEY,
  type RunningEmulator,
  startEmulator,
} from "../../src/emulator";

const { Client } =
  require("tencentcloud-sdk-nodejs/tencentcloud/services/redis/v20180412/redis_client") as any;

const NOW = Date.now();
const HOUR = 3_600_000;
const INSTANCE = "crs-sdk00001";
const PASSWORD = "Sdk-Pa55word";
let emulator: RunningEmulator;

function row(id: string, ageHours: number, type: string, extra: Record<string, unknown> = {}) {
  return {
    BackupId: id,
    StartTime: formatApiTime(NOW - ageHours * HOUR),
    EndTime: formatApiTime(NOW - ageHours * HOUR + 60_000),
    BackupType: type,
    Status: 2,
    Locked: 0,
    Remark: "",
    ...extra,
  };
}

const backups = [
  ...Array.from({ length: 150 }, (_, i) => row(`sys-${i}`, i + 1, "1")),
  row("expired", 2, "1", { Status: -1 }),
  row("locked", 3, "0", { Locked: 1 }),
  row("exported", 4, "0", { Status: 4 }),
];

function sdk(secretKey = EMULATOR_SECRET_KEY) {
  const port = new URL(emulator.url).port;
  return new Client({
    credential: { secretId: EMULATOR_SECRET_ID, secretKey },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 10 } },
  });
}

beforeAll(async () => {
  emulator = await startEmulator({
    seed: { instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", password: PASSWORD, backups }] },
    taskDurationMs: 30,
  });
});
afterAll(() => emulator.close());

describe("DescribeInstanceBackups with the official SDK", () => {
  it("pages with Limit 100 and Offset multiples of 100, the Status default being [2]", async () => {
    const first = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100, Offset: 0 });
    expect(first.TotalCount).toBe(151); // 150 system + locked (status 2); not expired (-1) or exported (4)
    const second = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100, Offset: 100 });
    const ids = new Set(
      [...first.BackupSet, ...second.BackupSet].map((r: { BackupId: string }) => r.BackupId),
    );
    expect(ids.size).toBe(151);
    const all = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100, Status: [-1, 2, 4] });
    expect(all.TotalCount).toBe(153);
  });

  it("filters on StartTime inclusively in Beijing time", async () => {
    const begin = formatApiTime(NOW - 3 * HOUR);
    const page = await sdk().DescribeInstanceBackups({
      InstanceId: INSTANCE,
      Limit: 100,
      BeginTime: begin,
      EndTime: formatApiTime(NOW),
    });
    const ids = page.BackupSet.map((r: { BackupId: string }) => r.BackupId).sort();
    expect(ids).toEqual(["locked", "sys-0", "sys-1", "sys-2"]);
  });

  it.each([
    [{ Limit: 101 }, "InvalidParameterValue"],
    [{ Limit: 100, Offset: 50 }, "InvalidParameterValue"],
    [
      { BeginTime: formatApiTime(NOW - 31 * 24 * HOUR), EndTime: formatApiTime(NOW) },
      "InvalidParameterValue",
    ],
    [{ BeginTime: "yesterday" }, "InvalidParameterValue"],
  ])("enforces the documented limits: %j", async (params, code) => {
    await expect(sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, ...params })).rejects.toMatchObject({
      code,
    });
  });

  it("rejects a wrong secret and an unknown instance with the real codes", async () => {
    await expect(sdk("wrong-key").DescribeInstanceBackups({ InstanceId: INSTANCE })).rejects.toMatchObject({
      code: "AuthFailure.SignatureFailure",
    });
    await expect(sdk().DescribeInstanceBackups({ InstanceId: "crs-nothere" })).rejects.toMatchObject({
      code: "ResourceNotFound.InstanceNotExists",
    });
  });
});

describe("restore, backup and tasks with the official SDK", () => {
  it.each([
    [{ BackupId: "sys-0", Password: "wrong" }, "InvalidParameterValue.PasswordError"],
    [{ BackupId: "nope", Password: PASSWORD }, "InvalidParameterValue.BackupNotExists"],
    [{ BackupId: "locked", Password: PASSWORD }, "ResourceUnavailable.BackupLockedError"],
    [{ BackupId: "expired", Password: PASSWORD }, "ResourceUnavailable.BackupStatusAbnormal"],
  ])("refuses restore %j", async (params, code) => {
    await expect(sdk().RestoreInstance({ InstanceId: INSTANCE, ...params })).rejects.toMatchObject({ code });
  });

  it("restores and reports the task until it succeeds", async () => {
    const { TaskId } = await sdk().RestoreInstance({
      InstanceId: INSTANCE,
      BackupId: "exported",
      Password: PASSWORD,
    });
    expect(emulator.instance(INSTANCE)?.restores.at(-1)).toEqual({ backupId: "exported", taskId: TaskId });
    await new Promise((r) => setTimeout(r, 50));
    expect((await sdk().DescribeTaskInfo({ TaskId })).Status).toBe("succeed");
  });

  it("makes a manual backup that appears with its remark when the task succeeds", async () => {
    const { TaskId } = await sdk().ManualBackupInstance({ InstanceId: INSTANCE, Remark: "sdk remark" });
    await new Promise((r) => setTimeout(r, 50));
    expect((await sdk().DescribeTaskInfo({ TaskId })).Status).toBe("succeed");
    const page = await sdk().DescribeInstanceBackups({
      InstanceId: INSTANCE,
      Limit: 100,
      BeginTime: formatApiTime(Date.now() - 60_000),
      EndTime: formatApiTime(Date.now() + 60_000),
    });
    expect(page.BackupSet.map((r: { Remark: string }) => r.Remark)).toContain("sdk remark");
  });

  it("clones into new instances", async () => {
    const answer = await sdk().CloneInstances({
      InstanceId: INSTANCE,
      BackupId: "sys-0",
      GoodsNum: 2,
      ZoneId: 100003,
      BillingMode: 0,
      Period: 1,
      SecurityGroupIdList: ["sg-1"],
      Password: "Clone-Pa55",
    });
    expect(answer.InstanceIds).toHaveLength(2);
    expect(emulator.instance(answer.InstanceIds[0])).toBeDefined();
  });
});

describe("a request signed by hand per the public TC3 document", () => {
  function post(payload: string, tamper = false): Promise<Record<string, any>> {
    const url = new URL(emulator.url);
    const timestamp = Math.floor(Date.now() / 1000);
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const canonical = `POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:${url.hostname}\n\ncontent-type;host\n${sha(payload)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/redis/tc3_request\n${sha(canonical)}`;
    const h = (k: string | Buffer, d: string) => createHmac("sha256", k).update(d).digest();
    const key = h(h(h(`TC3${EMULATOR_SECRET_KEY}`, date), "redis"), "tc3_request");
    const signature = createHmac("sha256", key).update(toSign).digest("hex");
    const body = tamper ? payload.replace("100", "99") : payload;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/",
          headers: {
            Host: url.hostname,
            "Content-Type": "application/json; charset=utf-8",
            Authorization: `TC3-HMAC-SHA256 Credential=${EMULATOR_SECRET_ID}/${date}/redis/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
            "X-TC-Action": "DescribeInstanceBackups",
            "X-TC-Version": "2018-04-12",
            "X-TC-Timestamp": String(timestamp),
            "X-TC-Region": "ap-guangzhou",
          },
        },
        (res) => {
          let text = "";
          res.on("data", (c) => {
            text += c;
          });
          res.on("end", () => resolve(JSON.parse(text)));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("is accepted, and rejected once the body is tampered with", async () => {
    const payload = JSON.stringify({ InstanceId: INSTANCE, Limit: 100 });
    const viaSdk = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100 });
    expect((await post(payload)).Response.TotalCount).toBe(viaSdk.TotalCount);
    expect((await post(payload, true)).Response.Error.Code).toBe("AuthFailure.SignatureFailure");
  });

  it("logs no secret", () => {
    const log = JSON.stringify(emulator.requestLog);
    expect(log).not.toContain(EMULATOR_SECRET_KEY);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain("Clone-Pa55");
  });
});
