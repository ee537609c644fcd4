/**
 * Time in the API's terms: Beijing wall clock (UTC+8, no DST) whatever the machine's TZ.
 * Pure arithmetic on epoch milliseconds: never reads the local zone.
 */
import type { TimeWindow } from "./model";

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const API_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const DURATION = /^(\d{1,7})([smhd])$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest span one DescribeInstanceBackups request may cover. */
export const MAX_SPAN_MS = 30 * 86_400_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Epoch ms from calendar fields read as UTC; undefined when a field is out of range (e.g. Feb 30). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const exact =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return exact && y >= 1970 ? ms : undefined;
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
  return `${formatApiTime(epochMs).replace(" ", "T")}+08:00`;
}

/** Parses an API wall-clock time (Beijing); undefined when it is not exactly `YYYY-MM-DD HH:MM:SS`. */
export function parseApiTime(text: string): number | undefined {
  const m = API_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = utcMs(y, mo, d, h, mi, s);
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
  return ms > 0 ? ms : undefined;
}

/**
 * Splits a window into spans of at most 30 days, newest first, inclusive at both ends (rows on a boundary
 * come back twice; callers dedupe by BackupId). An open end closes at `nowMs`; a window without a
 * begin cannot be split and is returned as is.
 */
export function splitWindow(window: TimeWindow, nowMs: number): TimeWindow[] {
  if (window.beginMs === undefined) return [window];
  const begin = Math.floor(window.beginMs / 1000) * 1000;
  const end = Math.ceil((window.endMs ?? nowMs) / 1000) * 1000;
  if (end < begin) return [];
  const spans: TimeWindow[] = [];
  for (let spanEnd = end; ; spanEnd -= MAX_SPAN_MS) {
    const spanBegin = Math.max(begin, spanEnd - MAX_SPAN_MS);
    spans.push({ beginMs: spanBegin, endMs: spanEnd });
    if (spanBegin === begin) return spans;
  }
}
