/** One recorded backup: what `resolveLatestBackup` returns and what the lock file stores under a key. */
import { BACKUP_TYPE_NAMES } from "../../backups/codes";
import type { BackupRecord, BackupTypeName } from "../../backups/model";
import { parseApiTime } from "../../backups/time";

/** A backup recorded in the lock file. Never holds a credential. */
export interface LockedBackup {
  /** The backup's id, e.g. `641186639-8362913-1516672770`. */
  readonly backupId: string;
  /** Start time as the API sends it: `YYYY-MM-DD HH:MM:SS`, Beijing time (UTC+8). */
  readonly startTime: string;
  /** The same instant as RFC 3339 with the `+08:00` offset. */
  readonly startTimeRfc3339: string;
  /** End time as the API sends it; `""` when the API gave none (legacy API). */
  readonly endTime: string;
  /** `manual`, `system` or `specChange`. */
  readonly backupType: BackupTypeName;
  /** The row status code (2 normal, 4 exported). */
  readonly status: number;
  /** Whether the backup was locked (only possible with `includeLocked`). */
  readonly locked: boolean;
  /** The backup's remark; `""` when none. */
  readonly remark: string;
  /**
   * When Tencent deletes the backup, as the API sends it (Beijing time); `""` when the API gave none (entries
   * recorded before this field, the legacy API).
   */
  readonly expireTime: string;
  /** When this backup was first recorded for its key: ISO 8601 in UTC. */
  readonly resolvedAt: string;
}

/** The fields of a record an entry keeps. */
type RecordFacts = Pick<
  BackupRecord,
  | "backupId"
  | "startTime"
  | "startTimeRfc3339"
  | "endTime"
  | "type"
  | "status"
  | "locked"
  | "remark"
  | "expireTime"
>;

/** The entry for a picked backup (unknown types are never picked); `resolvedAt` is ISO 8601 UTC. */
export function entryOf(record: RecordFacts, resolvedAt: string): LockedBackup {
  return {
    backupId: record.backupId,
    startTime: record.startTime,
    startTimeRfc3339: record.startTimeRfc3339,
    endTime: record.endTime,
    backupType: record.type as BackupTypeName,
    status: record.status,
    locked: record.locked,
    remark: record.remark,
    expireTime: record.expireTime,
    resolvedAt,
  };
}

/** Whether the entry's backup has passed its expiry time (Tencent deletes it then); false when unknown. */
export function hasExpired(entry: LockedBackup, nowMs: number): boolean {
  const expiresMs = entry.expireTime === "" ? undefined : parseApiTime(entry.expireTime);
  return expiresMs !== undefined && expiresMs <= nowMs;
}

/** Same backup, same facts: a refresh that finds it again leaves the entry (and its resolvedAt) alone. */
export function sameBackup(a: LockedBackup, b: LockedBackup): boolean {
  const { resolvedAt: _a, ...left } = a;
  const { resolvedAt: _b, ...right } = b;
  return JSON.stringify(left, Object.keys(left).sort()) === JSON.stringify(right, Object.keys(right).sort());
}

const STRING_FIELDS = [
  "backupId",
  "startTime",
  "startTimeRfc3339",
  "endTime",
  "remark",
  "resolvedAt",
] as const;

/** The entry a parsed value holds (known fields only), or why it is not one. */
export function parseEntry(value: unknown): LockedBackup | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "is not an object";
  const entry = value as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (typeof entry[field] !== "string") return `${field} is not a string`;
  }
  if (entry.backupId === "") return "backupId is empty";
  if (!(BACKUP_TYPE_NAMES as readonly unknown[]).includes(entry.backupType)) {
    return `backupType is not one of ${BACKUP_TYPE_NAMES.join(", ")}`;
  }
  if (!Number.isInteger(entry.status)) return "status is not an integer";
  if (typeof entry.locked !== "boolean") return "locked is not a boolean";
  // Optional: files written before it was recorded stay valid.
  if (entry.expireTime !== undefined && typeof entry.expireTime !== "string")
    return "expireTime is not a string";
  return entryOf(
    {
      backupId: entry.backupId as string,
      startTime: entry.startTime as string,
      startTimeRfc3339: entry.startTimeRfc3339 as string,
      endTime: entry.endTime as string,
      type: entry.backupType as BackupTypeName,
      status: entry.status as number,
      locked: entry.locked,
      remark: entry.remark as string,
      expireTime: (entry.expireTime as string | undefined) ?? "",
    },
    entry.resolvedAt as string,
  );
}
