/** What both listing dialects share: a stable scrambled row order, the time window and the 30-day span limit. */
import { createHash } from "node:crypto";
import { MAX_SPAN_MS, parseApiTime } from "../../backups/time";
import { EmulatorApiError } from "../api-error";
import type { V3Row } from "../seed";

const orderKeys = new Map<string, string>();
const startTimes = new WeakMap<V3Row, number>();
const scrambledCache = new WeakMap<V3Row[], { length: number; rows: V3Row[] }>();

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

/**
 * An instance's rows in a stable but non-chronological order (a hash of the BackupId): the API documents no
 * order, so clients must not rely on one. Cached per backup list until it grows.
 */
function scrambled(backups: V3Row[]): V3Row[] {
  const cached = scrambledCache.get(backups);
  if (cached && cached.length === backups.length) return cached.rows;
  const rows = [...backups].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1));
  scrambledCache.set(backups, { length: backups.length, rows });
  return rows;
}

/** Throws the dialect-neutral "invalid value" error (each dialect maps it to its own envelope). */
export function invalidValue(message: string): never {
  throw new EmulatorApiError("InvalidParameterValue", message);
}

/** A `YYYY-MM-DD HH:MM:SS` (Beijing) parameter in epoch ms; undefined when absent or empty. */
export function timeParam(value: unknown, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const ms = typeof value === "string" ? parseApiTime(value) : undefined;
  return ms ?? invalidValue(`${name} must be YYYY-MM-DD HH:MM:SS (Beijing time)`);
}

/** A window on StartTime, inclusive at both ends; either end may be open. */
export interface Window {
  readonly begin?: number;
  readonly end?: number;
}

/** The rows of a window in the scrambled order, after checking begin <= end and the 30-day span. */
export function rowsInWindow(backups: V3Row[], window: Window, nowMs: number): V3Row[] {
  const { begin, end } = window;
  if (begin !== undefined && end !== undefined && begin > end) invalidValue("BeginTime is after EndTime");
  if (begin !== undefined && (end ?? nowMs) - begin > MAX_SPAN_MS) {
    invalidValue("the time span from BeginTime to EndTime must not exceed 30 days");
  }
  return scrambled(backups).filter((row) => {
    const start = startOf(row);
    return (begin === undefined || start >= begin) && (end === undefined || start <= end);
  });
}
