/** The constructs of the library. */
export type { BackupCriteriaProps } from "./backup-criteria";
export { ApiVersion, BackupType, OnNone } from "./enums";
export { PinnedBackup, type PinnedBackupProps, type PinOptions } from "./pinned-backup";
export { CloneBillingMode, RedisBackupClone, type RedisBackupCloneProps } from "./redis-backup-clone";
export { RedisBackupLookup, type RedisBackupLookupProps } from "./redis-backup-lookup";
export { RedisBackupRestore, type RedisBackupRestoreProps } from "./redis-backup-restore";
