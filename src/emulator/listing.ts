/** DescribeInstanceBackups (3.0) and GetRedisBackupList (2.0) over the same rows, with the documented limits. */
import { createHash } from "node:crypto";
import { LEGACY_TYPE_CODE, typeFromCode } from "../backups/codes";
import { parseApiTime } from "../backups/time";
import { EmulatorApiError } from "./api-error";
import type { V3Row } from "./seed";
import type { InstanceState } from "./state";

const MAX_SPAN_MS = 30 * 86_400_000;

const orderKeys = new Map<string, string>();
const startTimes = new WeakMap<V3Row, number>();

/** A stable order key per BackupId (memoized: big seeds are paged many times). */
function orderKey(row: V3Row): string {
  let key = orderKeys.get(row.BackupId);
  if (key === undefined) {
    key = createHash("md5").update(row.BackupId).digest("hex");
    orderKeys.set(row.BackupId, key);
  }
  return key;
}

/** A row's StartTime in epoch ms (memoized per row object). */
function startOf(row: V3Row): number {
  let ms = startTimes.get(row);
  if (ms === undefined) {
    ms = parseApiTime(row.StartTime) ?? 0;
    startTimes.set(row, ms);
  }
  return ms;
}

const scrambledCache = new WeakMap<V3Row[], { length: number; rows: V3Row[] }>();

/**
 * An instance's rows in a stable but non-chronological order: the API documents no order, so clients must not
 * rely on one. Cached per backup list until it grows (big seeds are paged many times).
 */
function scrambled(backups: V3Row[]): V3Row[] {
  const cached = scrambledCache.get(backups);
  if (cached && cached.length === backups.length) return cached.rows;
  const rows = [...backups].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1));
  scrambledCache.set(backups, { length: backups.length, rows });
  return rows;
}

function invalid(message: string): never {
  throw new EmulatorApiError("InvalidParameterValue", message);
}

function integerParam(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value)) invalid(`${name} must be an integer`);
  return value;
}

function timeParam(value: unknown, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const ms = typeof value === "string" ? parseApiTime(value) : undefined;
  return ms ?? invalid(`${name} must be YYYY-MM-DD HH:MM:SS`);
}

/** The rows of a window (inclusive, on StartTime), checked against the 30-day span limit. */
function rowsInWindow(
  instance: InstanceState,
  begin: number | undefined,
  end: number | undefined,
  nowMs: number,
) {
  if (begin !== undefined && end !== undefined && begin > end) invalid("BeginTime is after EndTime");
  if (begin !== undefined && (end ?? nowMs) - begin > MAX_SPAN_MS)
    invalid("the time span must not exceed 30 days");
  return scrambled(instance.backups).filter((row) => {
    const start = startOf(row);
    return (begin === undefined || start >= begin) && (end === undefined || start <= end);
  });
}

/** One page of DescribeInstanceBackups. */
export function describeInstanceBackups(
  instance: InstanceState,
  params: Record<string, unknown>,
  nowMs: number,
): { TotalCount: number; BackupSet: V3Row[] } {
  const limit = integerParam(params.Limit, "Limit", 20);
  const offset = integerParam(params.Offset, "Offset", 0);
  if (limit < 1 || limit > 100) invalid("Limit must be between 1 and 100");
  if (offset < 0 || offset % limit !== 0) invalid("Offset must be a non-negative multiple of Limit");
  const status = params.Status ?? [2];
  if (!Array.isArray(status) || !status.every((s) => Number.isInteger(s)))
    invalid("Status must be an array of integers");
  const rows = rowsInWindow(
    instance,
    timeParam(params.BeginTime, "BeginTime"),
    timeParam(params.EndTime, "EndTime"),
    nowMs,
  ).filter((row) => (status as number[]).includes(row.Status));
  return { TotalCount: rows.length, BackupSet: rows.slice(offset, offset + limit) };
}

/** One page of the legacy GetRedisBackupList: record offsets, no status filter, no spec-change rows. */
export function getRedisBackupList(instance: InstanceState, params: Record<string, string>, nowMs: number) {
  const limit = params.limit === undefined ? 20 : Number(params.limit);
  const offset = params.offset === undefined ? 0 : Number(params.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) invalid("limit must be between 1 and 100");
  if (!Number.isInteger(offset) || offset < 0) invalid("offset must be a non-negative integer");
  const rows = rowsInWindow(
    instance,
    timeParam(params.beginTime, "beginTime"),
    timeParam(params.endTime, "endTime"),
    nowMs,
  ).filter((row) => typeFromCode(row.BackupType) !== "specChange");
  const page = rows.slice(offset, offset + limit).map((row) => {
    const type = typeFromCode(row.BackupType);
    return {
      startTime: row.StartTime,
      backupId: row.BackupId,
      backupType: type === "unknown" ? row.BackupType : (LEGACY_TYPE_CODE[type] ?? row.BackupType),
      status: row.Status,
      remark: row.Remark ?? "",
      locked: row.Locked,
    };
  });
  return { totalCount: rows.length, data: { redisBackupSet: page } };
}
