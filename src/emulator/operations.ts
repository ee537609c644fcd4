/** RestoreInstance, CloneInstances, ManualBackupInstance, DescribeTaskInfo and DescribeInstances. */
import { randomBytes } from "node:crypto";
import { formatApiTime } from "../backups/time";
import { EmulatorApiError } from "./api-error";
import type { EmulatorState, InstanceState, TaskEnding } from "./state";

/** What an operation needs besides its parameters. */
export interface OperationContext {
  readonly state: EmulatorState;
  readonly nowMs: number;
  readonly taskDurationMs: number;
  /** How the next task ends (task faults). */
  readonly nextEnding: () => TaskEnding;
}

type Params = Record<string, unknown>;

function requireString(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== "string" || value === "")
    throw new EmulatorApiError("MissingParameter", `${name} is required`);
  return value;
}

function requireInteger(params: Params, name: string): number {
  const value = params[name];
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new EmulatorApiError("InvalidParameterValue", `${name} must be an integer`);
  }
  return value;
}

/** The instance named by `InstanceId`, or ResourceNotFound.InstanceNotExists. */
export function instanceFor(state: EmulatorState, params: Params): InstanceState {
  const id = requireString(params, "InstanceId");
  const instance = state.instances.get(id);
  if (!instance)
    throw new EmulatorApiError("ResourceNotFound.InstanceNotExists", `instance ${id} does not exist`);
  return instance;
}

/** A backup usable for restore or clone, or the real error codes. */
function usableBackup(instance: InstanceState, params: Params) {
  const backupId = requireString(params, "BackupId");
  const backup = instance.backups.find((row) => row.BackupId === backupId);
  if (!backup)
    throw new EmulatorApiError("InvalidParameterValue.BackupNotExists", `backup ${backupId} does not exist`);
  if (backup.Locked === 1)
    throw new EmulatorApiError("ResourceUnavailable.BackupLockedError", `backup ${backupId} is locked`);
  if (backup.Status !== 2 && backup.Status !== 4) {
    throw new EmulatorApiError(
      "ResourceUnavailable.BackupStatusAbnormal",
      `backup ${backupId} has status ${backup.Status}`,
    );
  }
  return backup;
}

function checkPassword(instance: InstanceState, params: Params): void {
  if (instance.password !== undefined && params.Password !== instance.password) {
    throw new EmulatorApiError("InvalidParameterValue.PasswordError", "the instance password is wrong");
  }
}

/** RestoreInstance: same instance only, password checked. */
export function restoreInstance(params: Params, ctx: OperationContext) {
  const instance = instanceFor(ctx.state, params);
  const backup = usableBackup(instance, params);
  checkPassword(instance, params);
  const task = ctx.state.addTask({
    taskType: "RestoreInstance",
    instanceId: instance.instanceId,
    startMs: ctx.nowMs,
    ending: ctx.nextEnding(),
  });
  instance.restores.push({ backupId: backup.BackupId, taskId: task.taskId });
  return { TaskId: task.taskId };
}

/** CloneInstances: new instances from a source instance's backup. */
export function cloneInstances(params: Params, ctx: OperationContext) {
  const source = instanceFor(ctx.state, params);
  usableBackup(source, params);
  const goods = requireInteger(params, "GoodsNum");
  if (goods < 1 || goods > 100) throw new EmulatorApiError("InvalidParameterValue", "GoodsNum must be 1-100");
  requireInteger(params, "ZoneId");
  const billing = requireInteger(params, "BillingMode");
  if (billing !== 0 && billing !== 1)
    throw new EmulatorApiError("InvalidParameterValue", "BillingMode must be 0 or 1");
  requireInteger(params, "Period");
  const groups = params.SecurityGroupIdList;
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g === "string")) {
    throw new EmulatorApiError("MissingParameter", "SecurityGroupIdList is required");
  }
  if (params.NoAuth !== true && typeof params.Password !== "string") {
    throw new EmulatorApiError(
      "InvalidParameterValue.PasswordEmpty",
      "Password is required unless NoAuth is true",
    );
  }
  const ids: string[] = [];
  for (let i = 0; i < goods; i++) {
    const instanceId = ctx.state.cloneId();
    ctx.state.instances.set(instanceId, {
      instanceId,
      region: source.region,
      ...(typeof params.Password === "string" ? { password: params.Password } : {}),
      name: typeof params.InstanceName === "string" ? params.InstanceName : instanceId,
      backups: [],
      restores: [],
      readyAtMs: ctx.nowMs + ctx.taskDurationMs,
    });
    ids.push(instanceId);
  }
  return { InstanceIds: ids, DealName: `deal-${randomBytes(4).toString("hex")}` };
}

/** ManualBackupInstance: a task; when it succeeds a manual backup row with the remark appears. */
export function manualBackupInstance(params: Params, ctx: OperationContext) {
  const instance = instanceFor(ctx.state, params);
  const remark = typeof params.Remark === "string" ? params.Remark : "";
  const start = ctx.nowMs;
  const task = ctx.state.addTask({
    taskType: "ManualBackupInstance",
    instanceId: instance.instanceId,
    startMs: start,
    ending: ctx.nextEnding(),
  });
  task.onSucceed = () => {
    instance.backups.push({
      BackupId: `${task.taskId}-${randomBytes(3).toString("hex")}-${Math.floor(start / 1000)}`,
      StartTime: formatApiTime(start),
      EndTime: formatApiTime(start + ctx.taskDurationMs),
      ExpireTime: formatApiTime(start + 7 * 86_400_000),
      BackupType: "0",
      Status: 2,
      Locked: 0,
      Remark: remark,
      BackupSize: 1_048_576,
      InstanceId: instance.instanceId,
      Region: instance.region,
      FileType: "RDB",
    });
  };
  return { TaskId: task.taskId };
}

/** DescribeTaskInfo: preparing, running, then the task's ending. */
export function describeTaskInfo(params: Params, ctx: OperationContext) {
  const taskId = requireInteger(params, "TaskId");
  const task = ctx.state.tasks.get(taskId);
  if (!task) throw new EmulatorApiError("InvalidParameterValue", `task ${taskId} does not exist`);
  const elapsed = ctx.nowMs - task.startMs;
  let status: string = task.ending;
  if (task.ending === "hang" || elapsed < ctx.taskDurationMs)
    status = elapsed < ctx.taskDurationMs / 3 ? "preparing" : "running";
  if (status === "succeed" && task.onSucceed) {
    task.onSucceed();
    task.onSucceed = undefined;
  }
  return {
    Status: status,
    StartTime: formatApiTime(task.startMs),
    TaskType: task.taskType,
    InstanceId: task.instanceId,
    TaskMessage: status === "failed" ? "task failed (emulated)" : "",
  };
}

/** DescribeInstances (minimal): Status 1 while a clone is being created, then 2 (running). */
export function describeInstances(params: Params, ctx: OperationContext) {
  const wanted = typeof params.InstanceId === "string" ? params.InstanceId : undefined;
  const set = [...ctx.state.instances.values()]
    .filter((instance) => wanted === undefined || instance.instanceId === wanted)
    .map((instance) => ({
      InstanceId: instance.instanceId,
      InstanceName: instance.name,
      Status: ctx.nowMs >= instance.readyAtMs ? 2 : 1,
    }));
  return { TotalCount: set.length, InstanceSet: set };
}
