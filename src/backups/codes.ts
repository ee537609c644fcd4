/**
 * The one table of Tencent's backup type and status codes. Every other file asks this one.
 * API 3.0 codes follow the list API's own model (0 manual, 1 system, 2 spec change); some Tencent pages
 * state the reverse, see ../../docs/ARCHITECTURE.md and TENCENT-FACTS.
 */
import type { BackupTypeName, NormalizedBackupType } from "./model";

/** Raw `BackupType` codes of both dialects, mapped to our names. */
const TYPE_BY_CODE: Readonly<Record<string, BackupTypeName>> = {
  "0": "manual",
  "1": "system",
  "2": "specChange",
  manualBackupInstance: "manual",
  systemBackupInstance: "system",
};

/** The API 3.0 code of each type (what the emulator writes). */
export const V3_TYPE_CODE: Readonly<Record<BackupTypeName, string>> = {
  manual: "0",
  system: "1",
  specChange: "2",
};

/** The legacy 2.0 code of each type; the legacy API knows no spec-change backups. */
export const LEGACY_TYPE_CODE: Readonly<Record<BackupTypeName, string | undefined>> = {
  manual: "manualBackupInstance",
  system: "systemBackupInstance",
  specChange: undefined,
};

/** Every type name a caller may ask for. */
export const BACKUP_TYPE_NAMES: readonly BackupTypeName[] = ["manual", "system", "specChange"];

/** Normalizes a raw type code; codes we do not know stay `unknown` (never guessed). */
export function typeFromCode(raw: string): NormalizedBackupType {
  return Object.hasOwn(TYPE_BY_CODE, raw) ? TYPE_BY_CODE[raw] : "unknown";
}

/** Row status codes and what they mean. */
export const STATUS_MEANING: Readonly<Record<number, string>> = {
  [-2]: "deleted",
  [-1]: "expired",
  1: "locked by another process",
  2: "normal",
  3: "being exported",
  4: "exported",
};

/** Statuses usable for restore and clone unless the caller says otherwise. */
export const DEFAULT_USABLE_STATUSES: readonly number[] = [2, 4];

/**
 * The Status filter always sent to API 3.0 (the server's default is [2] only). It asks for unusable rows too,
 * so diagnostics can say why nothing matched ("1 expired").
 */
export const REQUESTED_STATUSES: readonly number[] = [-1, 1, 2, 3, 4];

/** Human name of a status code, e.g. `expired`; unknown codes read `status 7`. */
export function describeStatus(status: number): string {
  return STATUS_MEANING[status] ?? `status ${status}`;
}
