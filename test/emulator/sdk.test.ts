/**
 * The emulator against the official SDK (a reference client built by Tencent) over loopback HTTP: listing and its
 * documented limits, restore, clone, manual backup and task flows with their real error codes.
 */
import * as http from "node:http";
import { formatApiTime } from "../../src/backups/time";
import {
  EMULATOR_SECRET_ID,
  EMULATOR_SECRET_KEY,
  type RunningEmulator,
  startEmulator,
} from "../../src/emulator";
import { HOUR, seedRows } from "../support/seed-rows";

/** The SDK would send loopback requests through `http_proxy` when a machine sets it: go direct. */
const DIRECT = new http.Agent();

const { Client } =
  require("tencentcloud-sdk-nodejs/tencentcloud/services/redis/v20180412/redis_client") as any;

const NOW = Date.now();
const DAY = 24 * HOUR;
const INSTANCE = "crs-sdk00001";
const OPEN_INSTANCE = "crs-sdkopen1"; // password-free
const HANG_INSTANCE = "crs-sdkhang1"; // password-free; its task hangs, so it stays busy
const PASSWORD = "Sdk-Pa55word";
// Long enough that the "still running" checks hold on a loaded machine (a preparing third of 500 ms).
const TASK_MS = 1_500;
let emulator: RunningEmulator;

const row = seedRows(NOW);

const backups = [
  ...Array.from({ length: 150 }, (_, i) => row(`sys-${i}`, i + 1, "1")),
  row("expired", 2, "1", { Status: -1 }),
  row("locked", 3, "0", { Locked: 1 }),
  row("exported", 4, "0", { Status: 4 }),
];

function sdk(options: { secretKey?: string; region?: string } = {}) {
  const port = new URL(emulator.url).port;
  return new Client({
    credential: { secretId: EMULATOR_SECRET_ID, secretKey: options.secretKey ?? EMULATOR_SECRET_KEY },
    region: options.region ?? "ap-guangzhou",
    profile: {
      httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 10, agent: DIRECT },
    },
  });
}

const ids = (page: { BackupSet: { BackupId: string }[] }) => page.BackupSet.map((r) => r.BackupId);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  emulator = await startEmulator({
    sdkCompatible: true,
    seed: {
      instances: [
        { instanceId: INSTANCE, region: "ap-guangzhou", password: PASSWORD, backups },
        { instanceId: OPEN_INSTANCE, region: "ap-guangzhou", backups: [row("open-1", 1, "1")] },
        { instanceId: HANG_INSTANCE, region: "ap-guangzhou", backups: [row("hang-1", 1, "1")] },
      ],
    },
    taskDurationMs: TASK_MS,
  });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator.close());

/** Polls DescribeTaskInfo until the status leaves preparing/running or the deadline passes. */
async function settle(taskId: number, deadlineMs = 5_000): Promise<Record<string, any>> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const info = await sdk().DescribeTaskInfo({ TaskId: taskId });
    if (!["preparing", "running"].includes(info.Status) || Date.now() > until) return info;
    await sleep(50);
  }
}

describe("DescribeInstanceBackups", () => {
  it("pages with Limit 100 and Offset multiples of 100; the Status default is [2]", async () => {
    const first = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100, Offset: 0 });
    expect(first.TotalCount).toBe(151); // 150 system + locked (status 2); not expired (-1) or exported (4)
    expect(first.BackupSet).toHaveLength(100);
    const second = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100, Offset: 100 });
    expect(second.BackupSet).toHaveLength(51);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(151);
    const all = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100, Status: [-1, 2, 4] });
    expect(all.TotalCount).toBe(153);
  });

  it("answers 20 rows by default, in a stable order that is not by time", async () => {
    const page = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE });
    expect(page.BackupSet).toHaveLength(20);
    const again = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE });
    expect(ids(again)).toEqual(ids(page));
    const starts = page.BackupSet.map((r: { StartTime: string }) => r.StartTime);
    expect(starts).not.toEqual([...starts].sort());
    expect(starts).not.toEqual([...starts].sort().reverse());
  });

  it("sends rows with the fields of the seed, PascalCase", async () => {
    const page = await sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, Limit: 100, Status: [4] });
    expect(page.BackupSet).toEqual([expect.objectContaining({ ...row("exported", 4, "0", { Status: 4 }) })]);
  });

  it("filters on StartTime inclusively, in Beijing time", async () => {
    const page = await sdk().DescribeInstanceBackups({
      InstanceId: INSTANCE,
      Limit: 100,
      BeginTime: formatApiTime(NOW - 3 * HOUR),
      EndTime: formatApiTime(NOW - 1 * HOUR),
    });
    expect(ids(page).sort()).toEqual(["locked", "sys-0", "sys-1", "sys-2"]);
  });

  it("accepts a span of exactly 30 days", async () => {
    const page = await sdk().DescribeInstanceBackups({
      InstanceId: INSTANCE,
      BeginTime: formatApiTime(NOW - 30 * DAY),
      EndTime: formatApiTime(NOW),
    });
    expect(page.TotalCount).toBe(151);
  });

  it.each([
    [{ Limit: 101 }, "InvalidParameterValue"],
    [{ Limit: 0 }, "InvalidParameterValue"],
    [{ Limit: 2.5 }, "InvalidParameterValue"],
    [{ Limit: 100, Offset: 50 }, "InvalidParameterValue"],
    [{ Offset: -20 }, "InvalidParameterValue"],
    [{ BeginTime: formatApiTime(NOW - 31 * DAY), EndTime: formatApiTime(NOW) }, "InvalidParameterValue"],
    [{ BeginTime: formatApiTime(NOW - 31 * DAY) }, "InvalidParameterValue"],
    [{ BeginTime: formatApiTime(NOW), EndTime: formatApiTime(NOW - HOUR) }, "InvalidParameterValue"],
    [{ BeginTime: "yesterday" }, "InvalidParameterValue"],
    [{ EndTime: "2026-01-01T00:00:00Z" }, "InvalidParameterValue"],
    [{ Status: 2 }, "InvalidParameter"],
    [{ Limt: 10 }, "UnknownParameter"],
  ])("enforces the documented limits: %j", async (params, code) => {
    await expect(sdk().DescribeInstanceBackups({ InstanceId: INSTANCE, ...params })).rejects.toMatchObject({
      code,
    });
  });

  it("refuses a wrong secret, an unknown instance, another region and no instance", async () => {
    await expect(
      sdk({ secretKey: "wrong-key" }).DescribeInstanceBackups({ InstanceId: INSTANCE }),
    ).rejects.toMatchObject({ code: "AuthFailure.SignatureFailure" });
    await expect(sdk().DescribeInstanceBackups({ InstanceId: "crs-nothere" })).rejects.toMatchObject({
      code: "ResourceNotFound.InstanceNotExists",
    });
    await expect(
      sdk({ region: "ap-shanghai" }).DescribeInstanceBackups({ InstanceId: INSTANCE }),
    ).rejects.toMatchObject({ code: "ResourceNotFound.InstanceNotExists" });
    await expect(sdk().DescribeInstanceBackups({})).rejects.toMatchObject({ code: "MissingParameter" });
  });

  it("answers an unknown action with InvalidAction", async () => {
    await expect(sdk().request("DescribeBackupUrl", { BackupId: "sys-0" })).rejects.toMatchObject({
      code: "InvalidAction",
    });
  });
});

describe("RestoreInstance and DescribeTaskInfo", () => {
  it.each([
    [{ BackupId: "sys-0", Password: "wrong" }, "InvalidParameterValue.PasswordError"],
    [{ BackupId: "sys-0" }, "InvalidParameterValue.PasswordError"],
    [{ BackupId: "nope", Password: PASSWORD }, "InvalidParameterValue.BackupNotExists"],
    [{ BackupId: "locked", Password: PASSWORD }, "ResourceUnavailable.BackupLockedError"],
    [{ BackupId: "expired", Password: PASSWORD }, "ResourceUnavailable.BackupStatusAbnormal"],
    [{ Password: PASSWORD }, "MissingParameter"],
  ])("refuses restore %j", async (params, code) => {
    const before = emulator.instance(INSTANCE)?.restores.length;
    await expect(sdk().RestoreInstance({ InstanceId: INSTANCE, ...params })).rejects.toMatchObject({ code });
    expect(emulator.instance(INSTANCE)?.restores.length).toBe(before);
  });

  it("restores: preparing, running, then succeed", async () => {
    const { TaskId } = await sdk().RestoreInstance({
      InstanceId: INSTANCE,
      BackupId: "exported",
      Password: PASSWORD,
    });
    expect(emulator.instance(INSTANCE)?.restores.at(-1)).toEqual({ backupId: "exported", taskId: TaskId });
    const first = await sdk().DescribeTaskInfo({ TaskId });
    expect(first).toMatchObject({
      Status: "preparing",
      TaskType: "RestoreInstance",
      InstanceId: INSTANCE,
      StartTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    await sleep(TASK_MS / 2);
    expect((await sdk().DescribeTaskInfo({ TaskId })).Status).toBe("running");
    expect((await settle(TaskId)).Status).toBe("succeed");
  });

  it("restores a password-free instance without a password", async () => {
    const { TaskId } = await sdk().RestoreInstance({ InstanceId: OPEN_INSTANCE, BackupId: "open-1" });
    expect(TaskId).toEqual(expect.any(Number));
  });

  it("ends the next task failed, or keeps it running, on the task faults", async () => {
    emulator.injectFault({ kind: "taskFailed" });
    const failed = await sdk().RestoreInstance({
      InstanceId: INSTANCE,
      BackupId: "sys-1",
      Password: PASSWORD,
    });
    const info = await settle(failed.TaskId);
    expect(info.Status).toBe("failed");
    expect(info.TaskMessage).not.toBe("");
    emulator.injectFault({ kind: "taskHangs", action: "RestoreInstance" });
    const hanging = await sdk().RestoreInstance({ InstanceId: HANG_INSTANCE, BackupId: "hang-1" });
    await sleep(TASK_MS + 100);
    expect((await sdk().DescribeTaskInfo({ TaskId: hanging.TaskId })).Status).toBe("running");
    const after = await sdk().RestoreInstance({
      InstanceId: INSTANCE,
      BackupId: "sys-3",
      Password: PASSWORD,
    });
    expect((await settle(after.TaskId)).Status).toBe("succeed"); // each fault fires once by default
  });

  it("refuses an unknown task and a task id that is not a number", async () => {
    await expect(sdk().DescribeTaskInfo({ TaskId: 999_999 })).rejects.toMatchObject({
      code: "InvalidParameterValue",
    });
    await expect(sdk().DescribeTaskInfo({ TaskId: "1001" })).rejects.toMatchObject({
      code: "InvalidParameterValue",
    });
  });
});

describe("ManualBackupInstance", () => {
  it("makes a manual backup that appears with its remark once the task succeeds", async () => {
    const listing = () =>
      sdk().DescribeInstanceBackups({
        InstanceId: INSTANCE,
        Limit: 100,
        BeginTime: formatApiTime(Date.now() - 60_000),
        EndTime: formatApiTime(Date.now() + 60_000),
      });
    const { TaskId } = await sdk().ManualBackupInstance({ InstanceId: INSTANCE, Remark: "sdk remark" });
    expect((await listing()).TotalCount).toBe(0);
    expect((await settle(TaskId)).Status).toBe("succeed");
    const made = (await listing()).BackupSet;
    expect(made).toEqual([
      expect.objectContaining({ BackupType: "0", Remark: "sdk remark", Status: 2, Locked: 0 }),
    ]);
    expect(emulator.instance(INSTANCE)?.backups.at(-1)?.BackupId).toBe(made[0].BackupId);
  });

  it("adds no backup when the task fails", async () => {
    const count = emulator.instance(INSTANCE)?.backups.length;
    emulator.injectFault({ kind: "taskFailed", action: "ManualBackupInstance" });
    const { TaskId } = await sdk().ManualBackupInstance({ InstanceId: INSTANCE, Remark: "doomed" });
    expect((await settle(TaskId)).Status).toBe("failed");
    expect(emulator.instance(INSTANCE)?.backups.length).toBe(count);
  });
});

describe("CloneInstances and DescribeInstances", () => {
  const CLONE = {
    InstanceId: INSTANCE,
    BackupId: "sys-0",
    GoodsNum: 2,
    ZoneId: 100003,
    BillingMode: 0,
    Period: 1,
    SecurityGroupIdList: ["sg-1"],
    Password: "Clone-Pa55",
  };

  it("clones into new instances that are created, then running", async () => {
    const answer = await sdk().CloneInstances({ ...CLONE, InstanceName: "copy" });
    expect(answer.InstanceIds).toEqual([expect.stringMatching(/^crs-cl0n\d{4}$/), expect.any(String)]);
    expect(answer.DealName).toEqual(expect.any(String));
    expect(emulator.instance(INSTANCE)?.clones.at(-1)).toEqual({
      backupId: "sys-0",
      instanceIds: answer.InstanceIds,
      dealName: answer.DealName,
    });
    const view = emulator.instance(answer.InstanceIds[0]);
    expect(view).toMatchObject({ name: "copy", hasPassword: true, backups: [] });
    expect(JSON.stringify(view)).not.toContain("Clone-Pa55");
    const status = async () =>
      (await sdk().DescribeInstances({ InstanceId: answer.InstanceIds[0] })).InstanceSet[0].Status;
    expect(await status()).toBe(1);
    await sleep(TASK_MS + 50);
    expect(await status()).toBe(2);
  });

  it("clones without a password when NoAuth is true", async () => {
    const { Password: _password, ...rest } = CLONE;
    const answer = await sdk().CloneInstances({ ...rest, GoodsNum: 1, NoAuth: true });
    expect(emulator.instance(answer.InstanceIds[0])?.hasPassword).toBe(false);
  });

  it.each([
    [{ BackupId: "locked" }, "ResourceUnavailable.BackupLockedError"],
    [{ BackupId: "expired" }, "ResourceUnavailable.BackupStatusAbnormal"],
    [{ BackupId: "nope" }, "InvalidParameterValue.BackupNotExists"],
    [{ InstanceId: "crs-nothere" }, "ResourceNotFound.InstanceNotExists"],
    [{ GoodsNum: 0 }, "InvalidParameterValue"],
    [{ BillingMode: 2 }, "InvalidParameterValue"],
    [{ SecurityGroupIdList: [] }, "InvalidParameterValue"],
    [{ SecurityGroupIdList: undefined }, "MissingParameter"],
    [{ ZoneId: undefined }, "MissingParameter"],
    [{ Period: undefined }, "MissingParameter"],
    [{ VpcId: "vpc-1" }, "InvalidParameterValue"],
    [{ Password: undefined }, "InvalidParameterValue.PasswordEmpty"],
    [{ Zone: "ap-guangzhou-3" }, "UnknownParameter"],
  ])("refuses clone %j", async (change, code) => {
    await expect(sdk().CloneInstances({ ...CLONE, ...change })).rejects.toMatchObject({ code });
  });
});

describe("the request log", () => {
  it("records every request with its action and error code, and no secret", () => {
    const log = emulator.requestLog;
    expect(log.length).toBeGreaterThan(30);
    expect(log.every((entry) => entry.dialect === "v3" && entry.httpStatus === 200)).toBe(true);
    expect(log).toContainEqual(
      expect.objectContaining({
        action: "RestoreInstance",
        errorCode: "InvalidParameterValue.PasswordError",
      }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        errorCode: "UnknownParameter",
        params: expect.objectContaining({ Zone: "ap-guangzhou-3" }),
      }),
    );
    const text = JSON.stringify(log);
    for (const secret of [EMULATOR_SECRET_KEY, PASSWORD, "Clone-Pa55", "wrong-key"]) {
      expect(text).not.toContain(secret);
    }
    const keys = log.flatMap((entry) => Object.keys(entry.params));
    expect(keys.filter((key) => /password|signature|secret|token/i.test(key))).toEqual([]);
  });
});
