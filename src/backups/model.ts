/**
 * The normalized backup record and selection types shared by every layer.
 * Pure data: this folder never does I/O.
 */

/** Backup types as spelled in code, JSON output and Terraform results. */
export type BackupTypeName = "manual" | "system" | "specChange";

/** A backup's type after normalization: `unknown` keeps rows whose raw code we do not recognise. */
export type NormalizedBackupType = BackupTypeName | "unknown";

/** What a caller may ask for: one type, or `any`. */
export type BackupTypeFilter = BackupTypeName | "any";

/** Which Tencent API dialect a row or a client speaks. */
export type ApiDialect = "v3" | "legacy";

/** One backup, parsed from either API dialect. */
export interface BackupRecord {
  /** The backup's id as the API lists it (API 3.0 ids look like `641186639-8362913-1516672770`). */
  readonly backupId: string;
  /** Empty when the API did not say (legacy rows carry no instance id). */
  readonly instanceId: string;
  /** Beijing wall-clock time exactly as the API sends it: `YYYY-MM-DD HH:MM:SS`. */
  readonly startTime: string;
  /** The same instant as RFC 3339 with the `+08:00` offset. */
  readonly startTimeRfc3339: string;
  /** The same instant as epoch milliseconds (for ordering and windows). */
  readonly startEpochMs: number;
  /** API wall-clock end time; empty when the API did not send one (legacy). */
  readonly endTime: string;
  /** Epoch milliseconds of endTime; undefined when endTime is empty. */
  readonly endEpochMs?: number;
  /** `manual`, `system`, `specChange`, or `unknown` for a code this library does not know (never picked). */
  readonly type: NormalizedBackupType;
  /** The raw type code as the API sent it ("0", "systemBackupInstance", ...). */
  readonly rawType: string;
  /** Row status code (2 normal, 4 exported, 1 locked by another process, 3 exporting, -1 expired, -2 deleted). */
  readonly status: number;
  /** True when the API marks the backup `Locked = 1` (not usable unless asked for). */
  readonly locked: boolean;
  /** The backup's remark; empty when none. */
  readonly remark: string;
  /** Bytes; undefined when absent. */
  readonly size?: number;
  /** The backup file's format as the API sends it (e.g. `RDB`); empty when absent. */
  readonly fileType: string;
  /** API wall-clock time; empty when absent. */
  readonly expireTime: string;
}

/** An inclusive time window in epoch milliseconds; an open end is undefined. */
export interface TimeWindow {
  readonly beginMs?: number;
  readonly endMs?: number;
}

/** Validated selection criteria (see `parseCriteria` for the raw-input form). */
export interface SelectionCriteria {
  readonly type: BackupTypeFilter;
  readonly window: TimeWindow;
  /** Row statuses that count as usable. Default [2, 4]. */
  readonly statuses: readonly number[];
  readonly includeLocked: boolean;
  /** A pinned backup id: must exist and be usable, else selection fails naming the reason. */
  readonly backupId?: string;
  /**
   * The moment the pick must still be usable at (epoch ms): a row whose ExpireTime has passed by then is not, even
   * while the API still lists it as normal (Tencent deletes it at that time). Absent: expiry is not checked.
   */
  readonly usableAt?: number;
}

/** The outcome of selection: the pick (if any) and why other rows were excluded. */
export interface SelectionResult {
  readonly pick?: BackupRecord;
  /** Rows seen (after de-duplication). */
  readonly totalCount: number;
  /** Rows meeting every criterion. */
  readonly matchedCount: number;
  /** One human sentence, e.g. "41 backups in window: 12 manual, 1 locked, 1 expired; no usable system backup". */
  readonly diagnostics: string;
}
