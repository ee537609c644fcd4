/**
 * Selection criteria as users type them (CLI flags, construct props, Terraform query strings), validated
 * into SelectionCriteria. Every surface shares these rules; `label` spells field names its own way.
 */
import { BACKUP_TYPE_NAMES, DEFAULT_USABLE_STATUSES, STATUS_MEANING } from "./codes";
import { InvalidInputError } from "./errors";
import type { BackupTypeFilter, SelectionCriteria, TimeWindow } from "./model";
import { parseDuration, parseUserTime } from "./time";

/** Raw criteria; undefined or "" means "not given". */
export interface RawCriteria {
  /** `manual`, `system`, `specChange` (or `spec-change`), `any`. Default `any`. */
  readonly type?: string;
  readonly beginTime?: string;
  readonly endTime?: string;
  /** A duration such as `26h`: the window ends now. */
  readonly maxAge?: string;
  /** Comma-separated (`"2,4"`) or an array. Default [2, 4]. */
  readonly statuses?: string | readonly number[];
  readonly includeLocked?: boolean | string;
  readonly backupId?: string;
}

/** Spells a canonical field name (e.g. `beginTime`) the way a surface shows it (`--begin-time`). */
export type FieldLabel = (field: string) => string;

const TIME_FIX =
  "use 'YYYY-MM-DD HH:MM:SS' (UTC+8) or ISO 8601 with Z or an offset, e.g. 2026-11-20T02:00:00+08:00";
/**
 * No Tencent Cloud Redis backup starts before 2010-01-01 (UTC+8); a window reaching further back is a typo (a
 * `d` for an `h`), and would be split into hundreds of 30-day requests or sent as a time the API refuses.
 */
const EARLIEST_WINDOW_MS = Date.UTC(2010, 0, 1) - 8 * 3_600_000;
const EARLIEST_WINDOW_TEXT = "2010-01-01 00:00:00 (UTC+8)";
const TYPE_ALIASES: Readonly<Record<string, BackupTypeFilter>> = { "spec-change": "specChange" };

function given(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

function fail(label: FieldLabel, field: string, message: string): never {
  throw new InvalidInputError(field, `${label(field)}: ${message}`);
}

function parseType(raw: string | undefined, label: FieldLabel): BackupTypeFilter {
  if (!given(raw)) return "any";
  const type = TYPE_ALIASES[raw] ?? raw;
  if (type === "any" || (BACKUP_TYPE_NAMES as readonly string[]).includes(type))
    return type as BackupTypeFilter;
  return fail(
    label,
    "type",
    `"${raw}" is not a backup type; use manual, system, specChange (or spec-change) or any`,
  );
}

function parseTime(raw: string, field: string, label: FieldLabel): number {
  const ms = parseUserTime(raw);
  return ms ?? fail(label, field, `"${raw}" is not a valid time; ${TIME_FIX}`);
}

function parseWindow(raw: RawCriteria, nowMs: number, label: FieldLabel): TimeWindow {
  if (given(raw.maxAge)) {
    if (given(raw.beginTime))
      fail(label, "maxAge", `cannot be combined with ${label("beginTime")}; give one`);
    if (given(raw.endTime))
      fail(label, "maxAge", `cannot be combined with ${label("endTime")}; the window ends now`);
    const ms = parseDuration(raw.maxAge);
    if (ms === undefined) {
      fail(
        label,
        "maxAge",
        `"${raw.maxAge}" is not a duration; use a whole number with s, m, h or d, e.g. 26h`,
      );
    }
    const beginMs = nowMs - ms;
    if (beginMs < EARLIEST_WINDOW_MS) {
      fail(
        label,
        "maxAge",
        `"${raw.maxAge}" reaches back before ${EARLIEST_WINDOW_TEXT}; shorten it, e.g. 26h or 30d`,
      );
    }
    return { beginMs, endMs: nowMs };
  }
  const beginMs = given(raw.beginTime) ? parseTime(raw.beginTime, "beginTime", label) : undefined;
  if (beginMs !== undefined && beginMs < EARLIEST_WINDOW_MS) {
    fail(label, "beginTime", `"${raw.beginTime}" is before ${EARLIEST_WINDOW_TEXT}; give a later time`);
  }
  const endMs = given(raw.endTime) ? parseTime(raw.endTime, "endTime", label) : undefined;
  if (beginMs !== undefined && endMs !== undefined && beginMs > endMs) {
    fail(label, "beginTime", `is after ${label("endTime")}; swap them or widen the window`);
  }
  return { ...(beginMs === undefined ? {} : { beginMs }), ...(endMs === undefined ? {} : { endMs }) };
}

/**
 * `undefined` or `""` is "not given" (Terraform's query protocol sends an unset value as ""), so the default.
 * An empty array or a blank string was given on purpose and would match nothing: invalid input, not the default.
 */
function parseStatuses(raw: RawCriteria["statuses"], label: FieldLabel): number[] {
  if (raw === undefined || raw === "") return [...DEFAULT_USABLE_STATUSES];
  if (typeof raw === "string" ? raw.trim() === "" : raw.length === 0) {
    fail(label, "statuses", "empty; pass status codes such as 2,4, or leave it out for the default");
  }
  const parts = typeof raw === "string" ? raw.split(",").map((p) => p.trim()) : raw.map(String);
  const known = Object.keys(STATUS_MEANING).join(", ");
  const statuses = parts.map((part) => {
    const n = /^-?\d+$/.test(part) ? Number(part) : Number.NaN;
    if (!Object.hasOwn(STATUS_MEANING, n)) {
      fail(label, "statuses", `"${part}" is not a backup status; use comma-separated codes among ${known}`);
    }
    return n;
  });
  return [...new Set(statuses)].sort((a, b) => a - b);
}

function parseIncludeLocked(raw: RawCriteria["includeLocked"], label: FieldLabel): boolean {
  if (raw === undefined || raw === "" || raw === false || raw === "false") return false;
  if (raw === true || raw === "true") return true;
  return fail(label, "includeLocked", `"${String(raw)}" is not a boolean; use true or false`);
}

function parseBackupId(raw: string | undefined, label: FieldLabel): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (raw.trim() !== raw || /[\s\u0000-\u001f]/.test(raw) || raw.length > 128) {
    fail(label, "backupId", `"${raw.slice(0, 40)}" is not a backup id; pass the id exactly as listed`);
  }
  return raw;
}

/** Validates raw criteria. Throws InvalidInputError (exit 2) naming the field as `label` spells it. */
export function parseCriteria(
  raw: RawCriteria,
  nowMs: number,
  label: FieldLabel = (f) => f,
): SelectionCriteria {
  const backupId = parseBackupId(raw.backupId, label);
  return {
    type: parseType(raw.type, label),
    window: parseWindow(raw, nowMs, label),
    statuses: parseStatuses(raw.statuses, label),
    includeLocked: parseIncludeLocked(raw.includeLocked, label),
    ...(backupId === undefined ? {} : { backupId }),
    usableAt: nowMs,
  };
}

/**
 * Validates an instance id (`crs-xxxxxxxx`): not blank, no whitespace or control characters. The format is not
 * checked further: ids are Tencent's to define.
 */
export function parseInstanceId(raw: string | undefined, label: string): string {
  const value = raw ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (value.trim() === "" || /[\s\u0000-\u001f]/.test(value) || value.length > 64) {
    const shown = value.trim() === "" ? "missing" : `"${value.slice(0, 40)}" is not an instance id`;
    throw new InvalidInputError("instanceId", `${label}: ${shown}; pass the instance id, e.g. crs-xxxxxxxx`);
  }
  return value;
}
