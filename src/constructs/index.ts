/** The constructs of the library. */
export { ApiVersion, BackupType, OnNone } from "./enums";
export { PinnedBackup, type PinnedBackupProps, type PinOptions } from "./pinned-backup";
export { RedisBackupLookup, type RedisBackupLookupProps } from "./redis-backup-lookup";
