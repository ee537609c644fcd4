/** What both listing dialects share: a stable scrambled row order, the time window and the 30-day span limit. */
import { createHash } from "node:crypto";
import { MAX_SPAN_MS, parseApiTime } from "../../backups/time";
import { EmulatorApiError } from "../api-error";
import type { V3Row } from "../seed";

const orderKeys = new Map<string, string>();

/** An instance's rows in the scrambled order, with their StartTimes in epoch ms (same indexes). */
interface Scrambled {
  readonly length: number;
  readonly rows: readonly V3Row[];
  readonly starts: Float64Array;
}
const scrambledCache = new WeakMap<V3Row[], Scrambled>();

/** A listing query's rows, kept for the next page of the same query. */
interface Listing {
  readonly length: number;
  readonly key: string;
  readonly rows: readonly V3Row[];
}
const listingCache = new WeakMap<V3Row[], Listing>();

/** A stable order key per BackupId (memoized: big seeds are paged many times). */
function orderKey(row: V3Row): string {
  let key = orderKeys.get(row.BackupId);
  if (key === undefined) {
    key = createHash("md5").update(row.BackupId).digest("hex");
    orderKeys.set(row.BackupId, key);
  }
  return key;
}

/**
 * An instance's rows in a stable but non-chronological order (a hash of the BackupId): the API documents no
 * order, so clients must not rely on one. Cached per backup list until it grows (rows are only ever appended).
 */
function scrambled(backups: V3Row[]): Scrambled {
  const cached = scrambledCache.get(backups);
  if (cached && cached.length === backups.length) return cached;
  const rows = [...backups].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1));
  const starts = Float64Array.from(rows, (row) => parseApiTime(row.StartTime) ?? 0);
  const entry = { length: backups.length, rows, starts };
  scrambledCache.set(backups, entry);
  return entry;
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

/** What a listing keeps besides the window, and a key naming everything `keep` depends on. */
export interface RowFilter {
  readonly key: string;
  keep(row: V3Row): boolean;
}

/**
 * The rows of a window that `filter` keeps, in the scrambled order, after checking begin <= end and the 30-day
 * span (on every call: an open end moves with the clock). The rows are kept for the next call with the same
 * window and filter (shared, hence read-only): a listing asks once per page, 100 times for 10,000 rows.
 */
export function rowsInWindow(
  backups: V3Row[],
  window: Window,
  nowMs: number,
  filter: RowFilter,
): readonly V3Row[] {
  const { begin, end } = window;
  if (begin !== undefined && end !== undefined && begin > end) invalidValue("BeginTime is after EndTime");
  if (begin !== undefined && (end ?? nowMs) - begin > MAX_SPAN_MS) {
    invalidValue("the time span from BeginTime to EndTime must not exceed 30 days");
  }
  const key = JSON.stringify([begin, end, filter.key]);
  const cached = listingCache.get(backups);
  if (cached && cached.length === backups.length && cached.key === key) return cached.rows;
  const { rows, starts } = scrambled(backups);
  const kept: V3Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    const start = starts[i] as number;
    const row = rows[i] as V3Row;
    if ((begin === undefined || start >= begin) && (end === undefined || start <= end) && filter.keep(row))
      kept.push(row);
  }
  listingCache.set(backups, { length: backups.length, key, rows: kept });
  return kept;
}
