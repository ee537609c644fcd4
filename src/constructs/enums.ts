/**
 * String enums of the construct API. Each member's value is exactly the plain string users may pass instead: the
 * props take `BackupType | \`${BackupType}\`` (so `BackupType.SYSTEM` or `"system"`), and so on.
 */

/** Which backups a lookup considers. */
export enum BackupType {
  /** User-initiated backups (API code "0"). */
  MANUAL = "manual",
  /** Nightly automatic backups (API code "1"). */
  SYSTEM = "system",
  /** Backups taken by a specification change (API code "2"). */
  SPEC_CHANGE = "specChange",
  /** Any known type. */
  ANY = "any",
}

/** What a lookup does when no usable backup matches. */
export enum OnNone {
  /** Fail the plan with the diagnostics. */
  FAIL = "fail",
  /** Resolve to `found = "false"` and an empty `backupId`. */
  EMPTY = "empty",
}

/** Which Tencent API the lookup calls. */
export enum ApiVersion {
  /** API 3.0 `DescribeInstanceBackups`. */
  V3 = "v3",
  /** Legacy API 2.0 `GetRedisBackupList` (deprecated by Tencent, still documented). */
  LEGACY = "legacy",
}
