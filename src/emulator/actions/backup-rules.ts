/**
 * The checks restore, clone and manual backup share: the instance exists in the region, the backup is usable, the
 * password, and the instance takes an operation (no task running, not still being created).
 */
import { EmulatorApiError } from "../api-error";
import type { V3Row } from "../seed";
import { type EmulatorState, type InstanceState, taskRunning } from "../state";
import type { ActionContext } from "./context";
import { type Params, requireString } from "./params";

/** Statuses a backup may have to be restored or cloned from (2 normal, 4 exported). */
const RESTORABLE_STATUSES: readonly number[] = [2, 4];

/**
 * The instance named by `InstanceId`, or ResourceNotFound.InstanceNotExists. Like the real service, an instance
 * is only visible in its own region (the usual symptom of a wrong TENCENTCLOUD_REGION).
 */
export function instanceFor(state: EmulatorState, params: Params, region: string): InstanceState {
  const id = requireString(params, "InstanceId");
  const instance = state.instances.get(id);
  if (!instance || instance.region !== region) {
    throw new EmulatorApiError(
      "ResourceNotFound.InstanceNotExists",
      `instance ${id} does not exist in region ${region}`,
    );
  }
  return instance;
}

/** The backup named by `BackupId` if restore and clone may use it, else the real error codes. */
export function usableBackup(instance: InstanceState, params: Params): V3Row {
  const backupId = requireString(params, "BackupId");
  const backup = instance.backups.find((row) => row.BackupId === backupId);
  if (!backup) {
    throw new EmulatorApiError(
      "InvalidParameterValue.BackupNotExists",
      `backup ${backupId} does not exist on instance ${instance.instanceId}`,
    );
  }
  if (backup.Locked === 1) {
    throw new EmulatorApiError("ResourceUnavailable.BackupLockedError", `backup ${backupId} is locked`);
  }
  if (!RESTORABLE_STATUSES.includes(backup.Status)) {
    throw new EmulatorApiError(
      "ResourceUnavailable.BackupStatusAbnormal",
      `backup ${backupId} has status ${backup.Status}; only 2 (normal) and 4 (exported) can be used`,
    );
  }
  return backup;
}

/** The instance password, unless the instance is password-free. */
export function checkPassword(instance: InstanceState, params: Params): void {
  if (instance.password !== undefined && params.Password !== instance.password) {
    throw new EmulatorApiError(
      "InvalidParameterValue.PasswordError",
      "the password does not match the instance's",
    );
  }
}

/**
 * ResourceUnavailable.InstanceStateError, as the service answers, when the instance is still being created (a
 * clone) or a restore or backup task of it is still running: one operation at a time, whatever its parameters.
 * Called after the parameter checks, so a wrong request gets its own error first.
 */
export function checkInstanceIdle(instance: InstanceState, ctx: ActionContext): void {
  if (ctx.monotonicMs < instance.readyAt) {
    throw new EmulatorApiError(
      "ResourceUnavailable.InstanceStateError",
      `instance ${instance.instanceId} is still being created; retry when it is running`,
    );
  }
  const task = instance.lastTask;
  if (task && taskRunning(task, ctx.monotonicMs, ctx.taskDurationMs)) {
    throw new EmulatorApiError(
      "ResourceUnavailable.InstanceStateError",
      `instance ${instance.instanceId} has a ${task.taskType} task (${task.taskId}) running; retry when it has ended`,
    );
  }
}
