/**
 * Selection: the latest usable backup by type, status, lock and window. Pure and order-independent.
 */
import { describeStatus } from "./codes";
import { NoBackupMatchedError } from "./errors";
import type { BackupRecord, SelectionCriteria, SelectionResult } from "./model";
import { parseApiTime } from "./time";

/** Newest first: StartTime, then EndTime, then BackupId, all descending (a total order on distinct ids). */
export function compareNewestFirst(a: BackupRecord, b: BackupRecord): number {
  if (a.startEpochMs !== b.startEpochMs) return b.startEpochMs - a.startEpochMs;
  const aEnd = a.endEpochMs ?? Number.NEGATIVE_INFINITY;
  const bEnd = b.endEpochMs ?? Number.NEGATIVE_INFINITY;
  if (aEnd !== bEnd) return bEnd > aEnd ? 1 : -1;
  if (a.backupId === b.backupId) return 0;
  return a.backupId < b.backupId ? 1 : -1;
}

function inWindow(record: BackupRecord, criteria: SelectionCriteria): boolean {
  const { beginMs, endMs } = criteria.window;
  return (
    (beginMs === undefined || record.startEpochMs >= beginMs) &&
    (endMs === undefined || record.startEpochMs <= endMs)
  );
}

/**
 * Why a record is not usable under the criteria, as a short group label ("outside window", "manual",
 * "locked", "expired", ...); undefined when it is usable.
 */
export function exclusionReason(record: BackupRecord, criteria: SelectionCriteria): string | undefined {
  if (!inWindow(record, criteria)) return "outside window";
  if (record.type === "unknown") return `unknown type code "${record.rawType}"`;
  if (criteria.type !== "any" && record.type !== criteria.type) return record.type;
  if (record.locked && !criteria.includeLocked) return "locked";
  if (!criteria.statuses.includes(record.status)) return describeStatus(record.status);
  if (pastExpiry(record, criteria.usableAt)) return "past its ExpireTime";
  return undefined;
}

/** Checked last, so only otherwise usable rows pay for parsing their ExpireTime. */
function pastExpiry(record: BackupRecord, usableAt: number | undefined): boolean {
  if (usableAt === undefined || record.expireTime === "") return false;
  const expiresMs = parseApiTime(record.expireTime);
  return expiresMs !== undefined && expiresMs <= usableAt;
}

function typeLabel(criteria: SelectionCriteria): string {
  return criteria.type === "any" ? "" : `${criteria.type} `;
}

function countGroups(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts.entries()].map(([reason, count]) => `${count} ${reason}`).join(", ");
}

/** Deduplicates by BackupId (pages and spans overlap); the first row of an id wins. */
function uniqueById(records: readonly BackupRecord[]): BackupRecord[] {
  const seen = new Map<string, BackupRecord>();
  for (const record of records) if (!seen.has(record.backupId)) seen.set(record.backupId, record);
  return [...seen.values()];
}

function summary(rows: readonly BackupRecord[], criteria: SelectionCriteria): string {
  const reasons = rows.map((r) => exclusionReason(r, criteria) ?? "usable");
  const groups = countGroups(reasons.filter((r) => r !== "outside window"));
  const outside = reasons.length - reasons.filter((r) => r !== "outside window").length;
  const seen = `${rows.length - outside} backup${rows.length - outside === 1 ? "" : "s"} in window`;
  const extra = outside > 0 ? ` (${outside} outside)` : "";
  return groups ? `${seen}${extra}: ${groups}` : `${seen}${extra}`;
}

function selectPinned(rows: BackupRecord[], criteria: SelectionCriteria, id: string): SelectionResult {
  const pinned = rows.find((r) => r.backupId === id);
  const base = { totalCount: rows.length };
  if (!pinned) {
    // The likely mistake: an id of another instance (a restore takes only the instance's own backups).
    const where = "not among this instance's backups in the window (another instance's backups never are)";
    return { ...base, matchedCount: 0, diagnostics: `backup ${id} ${where}; ${summary(rows, criteria)}` };
  }
  const reason = exclusionReason(pinned, criteria);
  if (reason === undefined) {
    return { ...base, pick: pinned, matchedCount: 1, diagnostics: `pinned backup ${id} is usable` };
  }
  const why = reason === pinned.type ? `${reason}, not ${criteria.type}` : reason;
  return { ...base, matchedCount: 0, diagnostics: `backup ${id} is ${why}` };
}

/**
 * Picks the latest usable backup. Rows of unknown type are reported, never picked. With a pinned
 * `backupId`, the pick is exactly that backup when it is usable, else none (diagnostics say why).
 */
export function selectLatest(records: readonly BackupRecord[], criteria: SelectionCriteria): SelectionResult {
  const rows = uniqueById(records);
  if (criteria.backupId !== undefined) return selectPinned(rows, criteria, criteria.backupId);
  const usable = rows.filter((r) => exclusionReason(r, criteria) === undefined).sort(compareNewestFirst);
  const pick = usable[0];
  const verdict = pick
    ? `latest usable ${typeLabel(criteria)}backup ${pick.backupId} at ${pick.startTime}`
    : `no usable ${typeLabel(criteria)}backup`;
  return {
    ...(pick ? { pick } : {}),
    totalCount: rows.length,
    matchedCount: usable.length,
    diagnostics: `${summary(rows, criteria)}; ${verdict}`,
  };
}

/** The pick, or NoBackupMatchedError (exit 3) whose one-line message carries the diagnostics. */
export function requirePick(
  result: SelectionResult,
  criteria: SelectionCriteria,
  instanceId: string,
): BackupRecord {
  if (result.pick) return result.pick;
  const subject =
    criteria.backupId !== undefined
      ? `no usable pinned backup for ${instanceId}`
      : `no usable ${typeLabel(criteria)}backup of ${instanceId}`;
  throw new NoBackupMatchedError(`${subject}: ${result.diagnostics}`, result.diagnostics);
}
