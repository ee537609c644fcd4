/** DescribeInstanceBackups (API 3.0) with the documented limits. */
import { EmulatorApiError } from "../api-error";
import { instanceFor } from "./backup-rules";
import type { ActionContext } from "./context";
import { optionalInteger, optionalString, type Params } from "./params";
import { invalidValue, rowsInWindow, timeParam } from "./window";

/** The parameters the action defines. */
export const DESCRIBE_INSTANCE_BACKUPS_PARAMS = [
  "Limit",
  "Offset",
  "InstanceId",
  "BeginTime",
  "EndTime",
  "Status",
  "InstanceName",
] as const;

const MAX_LIMIT = 100;
/** The service returns only normal backups unless asked otherwise. */
const DEFAULT_STATUS: readonly number[] = [2];
const FIELDS = {
  id: "BackupId",
  start: "StartTime",
  type: "BackupType",
  instance: "InstanceId",
  remark: "Remark",
};

function statusFilter(value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_STATUS;
  if (!Array.isArray(value) || !value.every((s) => Number.isInteger(s))) {
    throw new EmulatorApiError("InvalidParameter", "Status must be an array of integers");
  }
  return value;
}

/** One page: `{ TotalCount, BackupSet }`, rows in a stable non-chronological order. */
export function describeInstanceBackups(params: Params, ctx: ActionContext, region: string): object {
  const instance = instanceFor(ctx.state, params, region);
  const limit = optionalInteger(params, "Limit", 20);
  const offset = optionalInteger(params, "Offset", 0);
  if (limit < 1 || limit > MAX_LIMIT) invalidValue(`Limit must be between 1 and ${MAX_LIMIT}`);
  if (offset < 0 || offset % limit !== 0) invalidValue("Offset must be a non-negative multiple of Limit");
  const statuses = statusFilter(params.Status);
  const name = optionalString(params, "InstanceName");
  const window = {
    begin: timeParam(params.BeginTime, "BeginTime"),
    end: timeParam(params.EndTime, "EndTime"),
  };
  const named = name === undefined || instance.name.includes(name);
  const rows = rowsInWindow(instance.backups, window, ctx.nowMs, {
    key: JSON.stringify(["v3", statuses, named]),
    keep: (row) => named && statuses.includes(row.Status),
  });
  const page = ctx.listingFaults.apply(
    ctx.action,
    JSON.stringify([instance.instanceId, window, statuses, limit, name]),
    { total: rows.length, rows: rows.slice(offset, offset + limit) },
    { ...(rows[offset - 1] ? { previousRow: { ...rows[offset - 1] } } : {}), fields: FIELDS },
  );
  return { TotalCount: page.total, BackupSet: page.rows };
}
