/** ManualBackupInstance: a task; when it succeeds a manual ("0") backup row with the remark appears. */
import { randomBytes } from "node:crypto";
import { V3_TYPE_CODE } from "../../backups/codes";
import { formatApiTime } from "../../backups/time";
import { EmulatorApiError } from "../api-error";
import { checkInstanceIdle, instanceFor } from "./backup-rules";
import type { ActionContext } from "./context";
import { optionalInteger, optionalString, type Params } from "./params";

/** The parameters the action defines. */
export const MANUAL_BACKUP_INSTANCE_PARAMS = ["InstanceId", "Remark", "StorageDays"] as const;

const DAY_MS = 86_400_000;
/** Manual backups are kept 7 days unless StorageDays says otherwise. */
const DEFAULT_STORAGE_DAYS = 7;
/** StorageDays' documented range. */
const MAX_STORAGE_DAYS = 1825;

/** Starts a backup task: `{ TaskId }` (no backup id, like the real service). */
export function manualBackupInstance(params: Params, ctx: ActionContext, region: string): object {
  const instance = instanceFor(ctx.state, params, region);
  const remark = optionalString(params, "Remark") ?? ""; // no documented length limit
  const storageDays = optionalInteger(params, "StorageDays", DEFAULT_STORAGE_DAYS);
  if (storageDays < 0 || storageDays > MAX_STORAGE_DAYS) {
    throw new EmulatorApiError(
      "InvalidParameterValue",
      `StorageDays must be between 0 and ${MAX_STORAGE_DAYS}`,
    );
  }
  checkInstanceIdle(instance, ctx);
  const start = ctx.nowMs;
  const task = ctx.state.addTask(instance, {
    taskType: "ManualBackupInstance",
    startMs: start,
    startedAt: ctx.monotonicMs,
    ending: ctx.nextEnding(),
  });
  task.onSucceed = () => {
    instance.backups.push({
      BackupId: `${task.taskId}-${randomBytes(3).toString("hex")}-${Math.floor(start / 1000)}`,
      StartTime: formatApiTime(start),
      EndTime: formatApiTime(start + ctx.taskDurationMs),
      ExpireTime: formatApiTime(start + (storageDays || DEFAULT_STORAGE_DAYS) * DAY_MS),
      BackupType: V3_TYPE_CODE.manual,
      Status: 2,
      Locked: 0,
      Remark: remark,
      BackupSize: 1_048_576,
      FullBackup: 1,
      InstanceId: instance.instanceId,
      InstanceName: instance.name,
      Region: instance.region,
      FileType: "RDB",
      Encrypted: 0,
    });
  };
  return { TaskId: task.taskId };
}
