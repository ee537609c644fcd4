/**
 * cdktf-tencentcloud-redis-backup: the latest usable backup of a Tencent Cloud Redis instance for CDKTF stacks,
 * with drift-safe pinning, restore and clone steps, and a synth-time variant recorded in a lock file.
 *
 * The emulator lives in the separate entry `cdktf-tencentcloud-redis-backup/lib/emulator`, so production code
 * never loads it. Everything not exported here is internal and may change without notice.
 *
 * @packageDocumentation
 */

export {
  ApiError,
  CrsBackupError,
  InvalidInputError,
  NoBackupMatchedError,
  TaskError,
} from "./backups/errors";
// Domain types and the errors every surface throws (each carries its documented exit code).
export type { BackupRecord, BackupTypeName, NormalizedBackupType } from "./backups/model";
// Constructs and their props (listed one by one: helpers of src/constructs stay internal).
export {
  ApiVersion,
  type BackupCriteriaProps,
  BackupType,
  CloneBillingMode,
  OnNone,
  PinnedBackup,
  type PinnedBackupProps,
  type PinOptions,
  RedisBackupClone,
  type RedisBackupCloneProps,
  RedisBackupLookup,
  type RedisBackupLookupProps,
  RedisBackupRestore,
  type RedisBackupRestoreProps,
} from "./constructs";
// The synth-time variant with its lock file.
export {
  DEFAULT_LOCK_FILE,
  LOOKUPS_ENV,
  type LockedBackup,
  LookupMode,
  type ResolvedBackup,
  type ResolveLatestBackupOptions,
  resolveLatestBackup,
} from "./constructs/lock-file";
