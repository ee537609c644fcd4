/**
 * Time in the API's terms: Beijing wall clock (UTC+8, no DST) whatever the machine's TZ.
 * Pure arithmetic on epoch milliseconds: never reads the local zone.
 */
import type { TimeWindow } from "./model";

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const API_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
/** Durations (`--max-age`, `--timeout`, `maxAge`, `timeout`, ...): one format everywhere (CONVENTIONS). */
const DURATION = /^(\d+)([smhd])$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * How Tencent APIs write a time that is not set yet (a running backup has no end): not a parse error, just
 * "none". Other Tencent products document it; a listing must not fail on one running backup.
 */
export const UNSET_API_TIME = "0000-00-00 00:00:00";

/** The longest span one DescribeInstanceBackups request may cover. */
export const MAX_SPAN_MS = 30 * 86_400_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms from calendar fields read as UTC; undefined when a field is out of range (e.g. Feb 30) or before 1970.
 * Range checks rather than a Date round trip: every row of a listing passes here (10,000 in a big window).
 */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const leapDay = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  const days = (DAYS_IN_MONTH[mo - 1] ?? 0) + leapDay;
  if (y < 1970 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** `YYYY-MM-DD HH:MM:SS` (Beijing) for an instant. */
export function formatApiTime(epochMs: number): string {
  const b = new Date(Math.floor(epochMs / 1000) * 1000 + BEIJING_OFFSET_MS);
  return (
    `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())} ` +
    `${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}`
  );
}

/** RFC 3339 with the `+08:00` offset, e.g. `2026-11-20T02:00:48+08:00`. */
export function toRfc3339Beijing(epochMs: number): string {
  return apiTimeToRfc3339(formatApiTime(epochMs));
}

/** The RFC 3339 form of an API time that parseApiTime accepted: the same wall clock, with the `+08:00` offset. */
export function apiTimeToRfc3339(apiTime: string): string {
  return `${apiTime.slice(0, 10)}T${apiTime.slice(11)}+08:00`;
}

/**
 * Parses an API wall-clock time (Beijing); undefined when it is not exactly `YYYY-MM-DD HH:MM:SS`. The shape is
 * tested by a regular expression without groups and the fields read from character codes: every row of a
 * listing passes here, and a capturing match plus a `Date` round trip cost a 10,000-row listing ~45 ms.
 */
export function parseApiTime(text: string): number | undefined {
  if (!API_TIME.test(text)) return undefined;
  const at = (i: number) => text.charCodeAt(i) - 48;
  const y = at(0) * 1000 + at(1) * 100 + at(2) * 10 + at(3);
  const ms = utcMs(
    y,
    at(5) * 10 + at(6),
    at(8) * 10 + at(9),
    at(11) * 10 + at(12),
    at(14) * 10 + at(15),
    at(17) * 10 + at(18),
  );
  return ms === undefined ? undefined : ms - BEIJING_OFFSET_MS;
}

/**
 * Parses a time a user typed: the API format (read as UTC+8) or ISO 8601 with `Z` or an offset.
 * Undefined when it is neither (callers turn that into an error naming their field).
 */
export function parseUserTime(text: string): number | undefined {
  const trimmed = text.trim();
  const api = parseApiTime(trimmed);
  if (api !== undefined) return api;
  const m = ISO_TIME.exec(trimmed);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = utcMs(y, mo, d, h, mi, s);
  if (ms === undefined) return undefined;
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const zone = m[8].toUpperCase();
  if (zone === "Z") return ms + fraction;
  const sign = zone.startsWith("-") ? -1 : 1;
  const [oh, om] = zone.slice(1).split(":").map(Number);
  if (oh > 23 || om > 59) return undefined;
  return ms + fraction - sign * (oh * 3_600_000 + om * 60_000);
}

/** Parses `90m`, `26h`, `7d`, `30s` into milliseconds; undefined for anything else (including 0). */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2]];
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** Backups cannot start in the future: an end later than now plus this margin (a clock behind the server's) is cut. */
const FUTURE_MARGIN_MS = 86_400_000;

/**
 * Splits a window into spans of at most 30 days, newest first, inclusive at both ends (rows on a boundary
 * come back twice; callers dedupe by BackupId). An open end closes at `nowMs`, an end further than a day
 * ahead closes a day ahead (no backup starts later, and `--end-time 2099-01-01` must not cost 900 requests);
 * a window without a begin cannot be split and is returned as is.
 */
export function splitWindow(window: TimeWindow, nowMs: number): TimeWindow[] {
  if (window.beginMs === undefined) return [window];
  const begin = Math.floor(window.beginMs / 1000) * 1000;
  const end = Math.ceil(Math.min(window.endMs ?? nowMs, nowMs + FUTURE_MARGIN_MS) / 1000) * 1000;
  if (end < begin) return [];
  const spans: TimeWindow[] = [];
  for (let spanEnd = end; ; spanEnd -= MAX_SPAN_MS) {
    const spanBegin = Math.max(begin, spanEnd - MAX_SPAN_MS);
    spans.push({ beginMs: spanBegin, endMs: spanEnd });
    if (spanBegin === begin) return spans;
  }
}
