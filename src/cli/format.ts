/**
 * Output shapes of the CLI: the `--json` objects, the one-line plain summaries and the `list` table.
 */
import Table from "cli-table3";
import { printableLine } from "../api/errors";
import type { BackupRecord } from "../backups/model";

/** The `latest --json` object (CONVENTIONS.md "Output shapes"). */
export interface LatestJson {
  backupId: string;
  instanceId: string;
  startTime: string;
  startTimeRfc3339: string;
  endTime: string;
  backupType: string;
  status: number;
  locked: boolean;
  remark: string;
  size: number | null;
  matchedCount: number;
  totalCount: number;
}

/** A record as one JSON object (used by `latest --json` and each row of `list --json`). */
export function recordJson(record: BackupRecord, instanceId: string) {
  return {
    backupId: record.backupId,
    instanceId: record.instanceId || instanceId,
    startTime: record.startTime,
    startTimeRfc3339: record.startTimeRfc3339,
    endTime: record.endTime,
    backupType: record.type,
    status: record.status,
    locked: record.locked,
    remark: record.remark,
    size: record.size ?? null,
  };
}

/** The `latest --json` object. */
export function latestJson(
  record: BackupRecord,
  instanceId: string,
  counts: { matchedCount: number; totalCount: number },
): LatestJson {
  return {
    ...recordJson(record, instanceId),
    matchedCount: counts.matchedCount,
    totalCount: counts.totalCount,
  };
}

const STATUS_NAMES: Record<number, string> = {
  1: "locked-by-task",
  2: "normal",
  3: "exporting",
  4: "exported",
  [-1]: "expired",
  [-2]: "deleted",
};

/** A row status code as a word, keeping unknown codes visible. */
export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? `unknown(${status})`;
}

/** Bytes as a short human size. */
export function humanSize(bytes: number | undefined): string {
  if (bytes === undefined) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The plain `latest` summary line printed after the id. */
export function latestLine(record: BackupRecord): string {
  const remark = record.remark ? ` "${printableLine(record.remark)}"` : "";
  return `${record.type} backup started ${record.startTime} (UTC+8), ${statusName(record.status)}${remark}`;
}

/** One row of the list table with its usability marker. */
export interface ListRow {
  record: BackupRecord;
  usable: boolean;
  latest: boolean;
}

/** The readable `list` table (no colours, so it pastes cleanly into tickets). */
export function backupTable(rows: readonly ListRow[]): string {
  const table = new Table({
    head: ["", "backup id", "start (UTC+8)", "type", "status", "locked", "size", "remark"],
    style: { head: [], border: [] },
  });
  for (const { record, usable, latest } of rows) {
    table.push([
      latest ? "=>" : usable ? "*" : "",
      record.backupId,
      record.startTime,
      record.type,
      statusName(record.status),
      record.locked ? "yes" : "no",
      humanSize(record.size),
      printableLine(record.remark),
    ]);
  }
  return table.toString();
}
