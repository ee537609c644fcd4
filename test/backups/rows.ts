/** Builders of raw API rows and normalized records for domain tests. */
import type { BackupRecord, SelectionCriteria } from "../../src/backups/model";
import { parseV3Response } from "../../src/backups/parse";
import { formatApiTime } from "../../src/backups/time";

export const HOUR = 3_600_000;
/** The instance every row builder's rows belong to. */
export const INSTANCE = "crs-test0001";
/** A fixed "now": 2026-11-20 12:00:00 Beijing. */
export const NOW = Date.UTC(2026, 10, 20, 4, 0, 0);

/** One API 3.0 row (PascalCase) starting at `startMs`. */
export function v3Row(
  id: string,
  startMs: number,
  type = "1",
  extra: { status?: number; locked?: 0 | 1; remark?: string; endMs?: number } = {},
) {
  return {
    BackupId: id,
    StartTime: formatApiTime(startMs),
    EndTime: formatApiTime(extra.endMs ?? startMs + 5 * 60_000),
    ExpireTime: formatApiTime(startMs + 7 * 24 * HOUR),
    BackupType: type,
    Status: extra.status ?? 2,
    Locked: extra.locked ?? 0,
    Remark: extra.remark ?? "",
    BackupSize: 1024,
    InstanceId: INSTANCE,
    FileType: "RDB",
  };
}

/** Normalized records from v3 rows (through the real parser). */
export function records(...rows: ReturnType<typeof v3Row>[]): BackupRecord[] {
  return [...parseV3Response({ Response: { TotalCount: rows.length, BackupSet: rows } }, INSTANCE).records];
}

/** Criteria with defaults. */
export function criteria(over: Partial<SelectionCriteria> = {}): SelectionCriteria {
  return { type: "any", window: {}, statuses: [2, 4], includeLocked: false, ...over };
}
