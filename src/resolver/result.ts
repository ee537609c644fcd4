/** The result map Terraform stores: every value a string. */
import type { BackupRecord } from "../backups/model";

/** Result keys, in the order they are printed. */
export type ResultMap = Record<
  | "backup_id"
  | "start_time"
  | "start_time_rfc3339"
  | "end_time"
  | "backup_type"
  | "status"
  | "locked"
  | "remark"
  | "found"
  | "matched_count"
  | "total_count",
  string
>;

/** Counts of a lookup, for the result. */
export interface Counts {
  readonly matchedCount: number;
  readonly totalCount: number;
}

/** The result for a pick. */
export function foundResult(pick: BackupRecord, counts: Counts): ResultMap {
  return {
    backup_id: pick.backupId,
    start_time: pick.startTime,
    start_time_rfc3339: pick.startTimeRfc3339,
    end_time: pick.endTime,
    backup_type: pick.type,
    status: String(pick.status),
    locked: String(pick.locked),
    remark: pick.remark,
    found: "true",
    matched_count: String(counts.matchedCount),
    total_count: String(counts.totalCount),
  };
}

/**
 * Every key empty but the booleans, which stay "true"/"false" (CONVENTIONS): `found` and `locked` "false". Nothing
 * was looked up (skip mode), so even the counts are unknown.
 */
export function skippedResult(): ResultMap {
  return {
    backup_id: "",
    start_time: "",
    start_time_rfc3339: "",
    end_time: "",
    backup_type: "",
    status: "",
    locked: "false",
    remark: "",
    found: "false",
    matched_count: "",
    total_count: "",
  };
}

/** The result when nothing matched and the caller asked for `on_none = "empty"`: empty, with the counts. */
export function emptyResult(counts: Counts): ResultMap {
  return {
    ...skippedResult(),
    matched_count: String(counts.matchedCount),
    total_count: String(counts.totalCount),
  };
}
