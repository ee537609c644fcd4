/**
 * The synth-time variant: `await resolveLatestBackup(...)` before the stack is built (constructs cannot await),
 * with results recorded in `redis-backups.lock.json` for reviewed, reproducible values. The model is AWS CDK's
 * `cdk.context.json`: the first synth asks the API and records the answer, later synths reuse it, CI forbids
 * lookups (`CRS_BACKUP_LOOKUPS=off`, like `cdk synth --no-lookups`). See docs/LOCK-FILE.md.
 */
import { resolve } from "node:path";
import { parseEndpoint } from "../api/endpoint";
import { findLatestBackup } from "../api/lookup";
import { parseCriteria, parseInstanceId } from "../backups/criteria";
import { InvalidInputError } from "../backups/errors";
import { requirePick } from "../backups/select";
import type { BackupCriteriaProps } from "./backup-criteria";
import { ApiVersion } from "./enums";
import { entryOf, hasExpired, type LockedBackup } from "./lock/entry";
import { lockKey } from "./lock/key";
import { LOOKUPS_ENV, lookupMode } from "./lock/mode";
import { entryAt, readLockFile, recordEntry } from "./lock/store";

export type { LockedBackup } from "./lock/entry";
export { LOOKUPS_ENV } from "./lock/mode";

/** The lock file's default name, resolved against `process.cwd()` (where `cdktf synth` runs the app). */
export const DEFAULT_LOCK_FILE = "redis-backups.lock.json";

/** Whether {@link resolveLatestBackup} may call the Tencent API. */
export enum LookupMode {
  /** Reuse a recorded entry; call the API only for a lookup the lock file does not hold yet, and record it. */
  ON = "on",
  /** Never call the API: a lookup missing from the lock file fails (the CI mode). */
  OFF = "off",
  /** Always call the API and record the answer, replacing the entry when the backup changed. */
  REFRESH = "refresh",
}

/**
 * Options of {@link resolveLatestBackup}: the criteria of `RedisBackupLookup`, plus the lock file's. The lock key is
 * the instance and the criteria as written, plus `api=legacy` for the legacy API, whose backup ids may differ
 * (`region` and `endpoint` say where to ask, not what to pick, so they are not part of it); a recorded entry is
 * reused even when its backup has since grown older than `maxAge`.
 */
export interface ResolveLatestBackupOptions extends BackupCriteriaProps {
  /**
   * The lock file; a relative path is resolved against `process.cwd()`.
   * @default "redis-backups.lock.json" in process.cwd()
   */
  readonly lockFile?: string;
  /**
   * Whether the API may be called. Takes precedence over the environment variable.
   * @default the `CRS_BACKUP_LOOKUPS` environment variable (`on`, `off` or `refresh`), else LookupMode.ON
   */
  readonly lookups?: LookupMode | `${LookupMode}`;
  /**
   * Ask the API even when the lock file holds an entry (same as `LookupMode.REFRESH`).
   * @default false
   */
  readonly refresh?: boolean;
  /**
   * Environment to read credentials, region, endpoint and `CRS_BACKUP_LOOKUPS` from. `CRS_BACKUP_LOOKUPS` falls
   * back to `process.env` when this one lacks it, so CI's `off` holds even for an app that passes its own env.
   * @default process.env
   */
  readonly env?: { readonly [name: string]: string | undefined };
}

/** The backup {@link resolveLatestBackup} resolved, and where it came from. */
export interface ResolvedBackup extends LockedBackup {
  /** True when the lock file answered (no API call), false when the API did. */
  readonly fromLockFile: boolean;
  /** The entry's key in the lock file, e.g. `crs-xxxxxxxx type=system maxAge=26h`. */
  readonly lockKey: string;
}

/** Criteria fields spelled as option names (the domain calls the type `type`). */
const OPTION_OF: Readonly<Record<string, string>> = { type: "backupType" };

function requireApi(value: string | undefined): "v3" | "legacy" {
  if (value === undefined) return ApiVersion.V3;
  if (value === ApiVersion.V3 || value === ApiVersion.LEGACY) return value;
  throw new InvalidInputError("api", `api: "${value}" is not valid; use v3 or legacy`);
}

/** The CI failure for an entry whose backup Tencent has deleted by now. */
function expiredEntryError(file: string, key: string, entry: LockedBackup): InvalidInputError {
  return new InvalidInputError(
    "lockFile",
    `lockFile: ${file} entry "${key}" holds backup ${entry.backupId}, which expired at ${entry.expireTime} (UTC+8); ` +
      `run synth with ${LOOKUPS_ENV}=refresh and commit the lock file`,
  );
}

/** The one-line CI failure: which file, which key, how to fix. */
function missingEntryError(file: string, key: string): InvalidInputError {
  return new InvalidInputError(
    "lockFile",
    `lockFile: ${file} has no entry "${key}" and ${LOOKUPS_ENV}=off forbids API calls; ` +
      `run synth once with lookups on (${LOOKUPS_ENV} unset) and commit the lock file`,
  );
}

/**
 * Resolves the latest usable backup before the stack is built, through the lock file.
 *
 * Validation uses the CLI's rules and messages (fields named as options). An entry recorded for the same
 * instance and criteria is reused without calling the API, unless refreshing. With lookups off, a missing entry
 * fails. "Nothing found" throws `NoBackupMatchedError` and is never recorded. Credentials never enter the file.
 *
 * @throws InvalidInputError for bad options, a corrupt lock file or a missing entry with lookups off
 * @throws NoBackupMatchedError when no usable backup matches
 * @throws ApiError when the API fails after retries
 */
export async function resolveLatestBackup(options: ResolveLatestBackupOptions): Promise<ResolvedBackup> {
  const env = options.env ?? process.env;
  const mode = lookupMode(options.lookups, options.refresh, {
    // Empty counts as unset here too, so an app's empty value cannot override CI's.
    [LOOKUPS_ENV]: env[LOOKUPS_ENV]?.trim() || process.env[LOOKUPS_ENV],
  });
  const nowMs = Date.now();
  // No whitespace in the id: it starts the lock key.
  const instanceId = parseInstanceId(options.instanceId, "instanceId");
  const api = requireApi(options.api);
  if (options.endpoint?.trim()) parseEndpoint(options.endpoint.trim());
  const criteria = parseCriteria(
    { ...options, type: options.backupType },
    nowMs,
    (field) => OPTION_OF[field] ?? field,
  );
  const key = lockKey({ instanceId, criteria, api, maxAge: options.maxAge?.trim() || undefined });
  const file = resolve(options.lockFile ?? DEFAULT_LOCK_FILE);
  // Read first even when refreshing: a corrupt file fails before any API call.
  const recorded = entryAt(await readLockFile(file), key);
  // An expired backup is gone at Tencent: never answer with it; look again, or say so in CI.
  const expired = recorded !== undefined && hasExpired(recorded, nowMs);
  if (recorded && !expired && mode !== LookupMode.REFRESH) {
    return { ...recorded, fromLockFile: true, lockKey: key };
  }
  if (mode === LookupMode.OFF)
    throw expired ? expiredEntryError(file, key, recorded) : missingEntryError(file, key);
  const outcome = await findLatestBackup({
    instanceId,
    criteria,
    nowMs,
    connection: { region: options.region?.trim() || undefined, endpoint: options.endpoint, api, env },
  });
  const pick = requirePick(outcome, criteria, instanceId);
  const stored = await recordEntry(file, key, entryOf(pick, new Date(nowMs).toISOString()));
  return { ...stored, fromLockFile: false, lockKey: key };
}
