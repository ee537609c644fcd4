/** RestoreInstance: onto the same instance only, the backup usable, the password checked, the instance idle. */
import { checkInstanceIdle, checkPassword, instanceFor, usableBackup } from "./backup-rules";
import type { ActionContext } from "./context";
import type { Params } from "./params";

/** The parameters the action defines. */
export const RESTORE_INSTANCE_PARAMS = ["InstanceId", "BackupId", "Password"] as const;

/** Starts a restore task: `{ TaskId }`. */
export function restoreInstance(params: Params, ctx: ActionContext, region: string): object {
  const instance = instanceFor(ctx.state, params, region);
  const backup = usableBackup(instance, params);
  checkPassword(instance, params);
  checkInstanceIdle(instance, ctx);
  const task = ctx.state.addTask(instance, {
    taskType: "RestoreInstance",
    startMs: ctx.nowMs,
    startedAt: ctx.monotonicMs,
    ending: ctx.nextEnding(),
  });
  instance.restores.push({ backupId: backup.BackupId, taskId: task.taskId });
  return { TaskId: task.taskId };
}
