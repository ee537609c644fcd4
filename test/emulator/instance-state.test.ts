/**
 * One operation at a time per instance: while a restore or backup task of an instance runs, or while a clone is
 * still being created, RestoreInstance, ManualBackupInstance and CloneInstances from it answer
 * ResourceUnavailable.InstanceStateError, as the real service does. And tasks are only visible in their region.
 */
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { seedRows } from "../support/seed-rows";
import { cloneRequest, tc3Request, v3Response } from "./signer";

// Long enough for three requests while a task runs, on a loaded machine too.
const TASK_MS = 1_000;
const NOW = Date.now();
const row = seedRows(NOW);
const PASSWORD = "State-Pa55word";
const [BUSY, OTHER, HANGING, SOURCE] = ["crs-state001", "crs-state002", "crs-state003", "crs-state004"];
let emulator: RunningEmulator;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      instances: [BUSY, OTHER, HANGING, SOURCE].map((instanceId) => ({
        instanceId,
        region: "ap-guangzhou",
        password: PASSWORD,
        backups: [row("b-1", 1, "1"), row("b-2", 2, "1")],
      })),
    },
    taskDurationMs: TASK_MS,
  });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator.close());

async function call(action: string, params: object, region = "ap-guangzhou") {
  return v3Response(await tc3Request(emulator.url, params, { action, region }));
}
const restore = (instanceId: string, backupId = "b-1", password = PASSWORD) =>
  call("RestoreInstance", { InstanceId: instanceId, BackupId: backupId, Password: password });
const backup = (instanceId: string) => call("ManualBackupInstance", { InstanceId: instanceId });
const clone = (instanceId: string, backupId = "b-1") =>
  call("CloneInstances", cloneRequest(instanceId, PASSWORD, { BackupId: backupId }));
const STATE_ERROR = "ResourceUnavailable.InstanceStateError";

describe("an instance with a task running", () => {
  it("refuses another restore, a manual backup and a clone until the task has ended", async () => {
    const first = await restore(BUSY);
    expect(first.TaskId).toEqual(expect.any(Number));
    for (const answer of [await restore(BUSY, "b-2"), await backup(BUSY), await clone(BUSY)]) {
      expect(answer.Error).toEqual({ Code: STATE_ERROR, Message: expect.stringContaining(BUSY) });
    }
    expect(emulator.instance(BUSY)?.restores).toHaveLength(1);
    expect(emulator.instance(BUSY)?.clones).toHaveLength(0);
    // Other instances are not affected.
    expect((await restore(OTHER)).TaskId).toEqual(expect.any(Number));
    await sleep(TASK_MS + 50);
    const again = await backup(BUSY);
    expect(again.TaskId).toEqual(expect.any(Number));
    expect((await restore(BUSY)).Error.Code).toBe(STATE_ERROR); // the backup task now runs
    await sleep(TASK_MS + 50);
    expect((await clone(BUSY)).InstanceIds).toHaveLength(1);
  });

  it("checks the request first: a wrong password or backup gets its own error", async () => {
    await sleep(TASK_MS + 50);
    expect((await restore(OTHER)).TaskId).toEqual(expect.any(Number));
    expect((await restore(OTHER, "b-1", "wrong")).Error.Code).toBe("InvalidParameterValue.PasswordError");
    expect((await restore(OTHER, "nope")).Error.Code).toBe("InvalidParameterValue.BackupNotExists");
    expect((await restore(OTHER)).Error.Code).toBe(STATE_ERROR);
  });

  it("a failed task ends too; a hanging one keeps the instance busy", async () => {
    emulator.injectFault({ kind: "taskFailed", action: "ManualBackupInstance" });
    expect((await backup(HANGING)).TaskId).toEqual(expect.any(Number));
    await sleep(TASK_MS + 50);
    emulator.injectFault({ kind: "taskHangs", action: "RestoreInstance" });
    expect((await restore(HANGING)).TaskId).toEqual(expect.any(Number));
    await sleep(TASK_MS + 50);
    expect((await backup(HANGING)).Error.Code).toBe(STATE_ERROR);
    expect((await clone(HANGING)).Error.Code).toBe(STATE_ERROR);
    // Clearing the faults ends the hanging task (as failed): the instance takes operations again.
    emulator.clearFaults();
    expect((await backup(HANGING)).TaskId).toEqual(expect.any(Number));
  });
});

describe("a clone still being created", () => {
  it("takes no operation until it is running; its source stays free", async () => {
    const made = await clone(SOURCE);
    const [cloneId] = made.InstanceIds as string[];
    emulator.addBackup(cloneId!, row("clone-b", 1, "1"));
    expect((await restore(cloneId!, "clone-b")).Error.Code).toBe(STATE_ERROR);
    expect((await backup(cloneId!)).Error.Code).toBe(STATE_ERROR);
    expect((await clone(cloneId!, "clone-b")).Error.Code).toBe(STATE_ERROR);
    expect((await restore(SOURCE)).TaskId).toEqual(expect.any(Number));
    await sleep(TASK_MS + 50);
    expect((await restore(cloneId!, "clone-b")).TaskId).toEqual(expect.any(Number));
  });
});

describe("DescribeTaskInfo and the region", () => {
  it("finds a task in its own region only; elsewhere it is answered as an unknown task", async () => {
    await sleep(TASK_MS + 50);
    const { TaskId } = await restore(OTHER);
    const here = await call("DescribeTaskInfo", { TaskId });
    expect(here).toMatchObject({ InstanceId: OTHER, TaskType: "RestoreInstance" });
    const elsewhere = await call("DescribeTaskInfo", { TaskId }, "ap-beijing");
    const unknown = await call("DescribeTaskInfo", { TaskId: 987_654 });
    expect(elsewhere.Error.Code).toBe("InvalidParameterValue");
    expect(elsewhere.Error).toEqual({
      Code: unknown.Error.Code,
      Message: unknown.Error.Message.replace("987654", String(TaskId)),
    });
    expect(elsewhere.Status).toBeUndefined();
  });
});
