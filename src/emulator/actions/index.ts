/** The API 3.0 actions the emulator serves: each with the parameter names it defines and its handler. */
import { CLONE_INSTANCES_PARAMS, cloneInstances } from "./clone-instances";
import type { ActionContext } from "./context";
import { DESCRIBE_INSTANCE_BACKUPS_PARAMS, describeInstanceBackups } from "./describe-instance-backups";
import { DESCRIBE_INSTANCES_PARAMS, describeInstances } from "./describe-instances";
import { DESCRIBE_TASK_INFO_PARAMS, describeTaskInfo } from "./describe-task-info";
import { MANUAL_BACKUP_INSTANCE_PARAMS, manualBackupInstance } from "./manual-backup-instance";
import type { Params } from "./params";
import { RESTORE_INSTANCE_PARAMS, restoreInstance } from "./restore-instance";

export type { ActionContext } from "./context";
export { getRedisBackupList } from "./get-redis-backup-list";
export { type Params, rejectUnknownParams } from "./params";

/** One API 3.0 action. */
export interface V3Action {
  readonly params: readonly string[];
  /** Answers the action (the payload without RequestId) or throws EmulatorApiError. */
  handle(params: Params, ctx: ActionContext, region: string): object;
}

/** Every API 3.0 action by name. */
export const V3_ACTIONS: Readonly<Record<string, V3Action>> = {
  DescribeInstanceBackups: { params: DESCRIBE_INSTANCE_BACKUPS_PARAMS, handle: describeInstanceBackups },
  RestoreInstance: { params: RESTORE_INSTANCE_PARAMS, handle: restoreInstance },
  CloneInstances: { params: CLONE_INSTANCES_PARAMS, handle: cloneInstances },
  ManualBackupInstance: { params: MANUAL_BACKUP_INSTANCE_PARAMS, handle: manualBackupInstance },
  DescribeTaskInfo: { params: DESCRIBE_TASK_INFO_PARAMS, handle: describeTaskInfo },
  DescribeInstances: { params: DESCRIBE_INSTANCES_PARAMS, handle: describeInstances },
};
