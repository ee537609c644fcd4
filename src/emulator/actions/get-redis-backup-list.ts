/** GetRedisBackupList (legacy API 2.0): record offsets, no status filter, no spec-change rows. */
import { LEGACY_TYPE_CODE, typeFromCode } from "../../backups/codes";
import type { V3Row } from "../seed";
import { instanceFor } from "./backup-rules";
import type { ActionContext } from "./context";
import { invalidValue, rowsInWindow, timeParam } from "./window";

/** A row as 2.0 sends it. */
export interface LegacyRow {
  startTime: string;
  backupId: string;
  backupType: string;
  status: number;
  remark: string;
  locked: number;
}

const MAX_LIMIT = 100;
const FIELDS = {
  id: "backupId",
  start: "startTime",
  type: "backupType",
  instance: "redisId",
  remark: "remark",
};

function integerParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value)) invalidValue(`${name} must be a non-negative integer`);
  return Number.isSafeInteger(n) ? n : invalidValue(`${name} is out of range`);
}

function legacyRow(row: V3Row): LegacyRow {
  const type = typeFromCode(row.BackupType);
  return {
    startTime: row.StartTime,
    backupId: row.BackupId,
    backupType: (type === "unknown" ? undefined : LEGACY_TYPE_CODE[type]) ?? row.BackupType,
    status: row.Status,
    remark: row.Remark ?? "",
    locked: row.Locked,
  };
}

/** One page: `{ totalCount, data: { redisBackupSet } }` (the envelope's code/message are the dialect's). */
export function getRedisBackupList(params: Record<string, string>, ctx: ActionContext, region: string) {
  if (!params.redisId) invalidValue("redisId is required");
  const instance = instanceFor(ctx.state, { InstanceId: params.redisId }, region);
  const limit = integerParam(params.limit, "limit", 20);
  const offset = integerParam(params.offset, "offset", 0);
  if (limit < 1 || limit > MAX_LIMIT) invalidValue(`limit must be between 1 and ${MAX_LIMIT}`);
  const window = {
    begin: timeParam(params.beginTime, "beginTime"),
    end: timeParam(params.endTime, "endTime"),
  };
  const rows = rowsInWindow(instance.backups, window, ctx.nowMs, {
    key: "legacy",
    keep: (row) => typeFromCode(row.BackupType) !== "specChange",
  });
  const previous = rows[offset - 1];
  const page = ctx.listingFaults.apply(
    ctx.action,
    JSON.stringify([instance.instanceId, window, limit]),
    { total: rows.length, rows: rows.slice(offset, offset + limit).map(legacyRow) },
    { ...(previous ? { previousRow: { ...legacyRow(previous) } } : {}), fields: FIELDS },
  );
  return { totalCount: page.total, data: { redisBackupSet: page.rows } };
}
