/** The criteria both lookups share: the plan-time `RedisBackupLookup` and the synth-time `resolveLatestBackup`. */
import type { ApiVersion, BackupType } from "./enums";

/** Which backup to pick, and where to ask. The same fields, formats and rules as the `crs-backup latest` flags. */
export interface BackupCriteriaProps {
  /** The Redis instance whose backups are searched, e.g. `crs-xxxxxxxx`. */
  readonly instanceId: string;
  /**
   * The instance's region, e.g. `ap-guangzhou`.
   * @default the `TENCENTCLOUD_REGION` environment variable where the lookup runs (`terraform plan` for
   * RedisBackupLookup, the synth for resolveLatestBackup)
   */
  readonly region?: string;
  /**
   * Which backups count.
   * @default BackupType.ANY (manual, system and spec-change backups alike)
   */
  readonly backupType?: BackupType | `${BackupType}`;
  /**
   * Start of the window on the backup's start time: `YYYY-MM-DD HH:MM:SS` (Beijing time, UTC+8) or ISO 8601 with
   * `Z` or an offset. Not combinable with `maxAge`.
   * @default no lower bound (what the service retains)
   */
  readonly beginTime?: string;
  /**
   * End of the window, same formats as `beginTime`. Not combinable with `maxAge`.
   * @default no upper bound
   */
  readonly endTime?: string;
  /**
   * A window ending when the lookup runs: an integer and a unit `s`, `m`, `h` or `d`, e.g. `26h`.
   * @default no window (see beginTime and endTime)
   */
  readonly maxAge?: string;
  /**
   * Backup statuses that count as usable (2 normal, 4 exported; 1 locked by another process, 3 being exported,
   * -1 expired).
   * @default [2, 4]
   */
  readonly statuses?: number[];
  /**
   * Treat backups with `Locked = 1` as usable.
   * @default false
   */
  readonly includeLocked?: boolean;
  /**
   * Pin one backup: the lookup fails unless it exists and is usable under the other criteria.
   * @default none: the latest usable backup is picked
   */
  readonly backupId?: string;
  /**
   * API endpoint URL, e.g. `http://127.0.0.1:8000` for the emulator.
   * @default the `TENCENTCLOUD_REDIS_ENDPOINT` environment variable, else the region's endpoint (under `TENCENTCLOUD_DOMAIN` when set)
   */
  readonly endpoint?: string;
  /**
   * Which Tencent API to call.
   * @default ApiVersion.V3 (`DescribeInstanceBackups`)
   */
  readonly api?: ApiVersion | `${ApiVersion}`;
}
