/** Seed rows for emulator-backed tests: an API 3.0 row started `ageHours` before `nowMs`, five minutes long. */
import { formatApiTime } from "../../src/backups/time";
import type { V3Row } from "../../src/emulator";

export const HOUR = 3_600_000;

/** Returns a row builder anchored at `nowMs`; `extra` overrides any field (PascalCase, as the API spells it). */
export function seedRows(nowMs: number) {
  return (id: string, ageHours: number, type: string, extra: Partial<V3Row> = {}): V3Row => {
    const startMs = nowMs - ageHours * HOUR;
    return {
      BackupId: id,
      StartTime: formatApiTime(startMs),
      EndTime: formatApiTime(startMs + 5 * 60_000),
      BackupType: type,
      Status: 2,
      Locked: 0,
      Remark: "",
      ...extra,
    };
  };
}
