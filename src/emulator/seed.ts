/** Seed data: instances and their backups as API 3.0 rows. Loaded from JSON and validated. */
import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../backups/errors";
import { parseApiTime, UNSET_API_TIME } from "../backups/time";

/** A backup row exactly as API 3.0 sends it (PascalCase). */
export interface V3Row {
  BackupId: string;
  StartTime: string;
  EndTime?: string;
  ExpireTime?: string;
  BackupType: string;
  Status: number;
  Locked: number;
  Remark?: string;
  BackupSize?: number;
  FullBackup?: number;
  InstanceType?: number;
  InstanceId?: string;
  InstanceName?: string;
  Region?: string;
  FileType?: string;
  Encrypted?: number;
}

/** One seeded instance. */
export interface SeedInstance {
  instanceId: string;
  region: string;
  /** The instance password RestoreInstance checks; omit for a password-free instance. */
  password?: string;
  name?: string;
  backups: V3Row[];
}

/** A seed: `{ "instances": [ ... ] }`. */
export interface EmulatorSeed {
  instances: SeedInstance[];
}

function fail(file: string, field: string, fix: string): never {
  throw new InvalidInputError("seed", `--seed ${file}: ${field}: ${fix}`);
}

const TIME_FIX = "must be 'YYYY-MM-DD HH:MM:SS' (Beijing time)";
/** A time a row may also leave unset, as the API does (a running backup has no end yet). */
const OPTIONAL_TIME: [(value: unknown) => boolean, string] = [
  (v) => typeof v === "string" && (v === UNSET_API_TIME || parseApiTime(v) !== undefined),
  `${TIME_FIX}, or ${UNSET_API_TIME} for not set`,
];

/** Optional fields of a row and the check each must pass. */
const OPTIONAL_ROW_FIELDS: Readonly<Record<string, [(value: unknown) => boolean, string]>> = {
  EndTime: OPTIONAL_TIME,
  ExpireTime: OPTIONAL_TIME,
  Remark: [(v) => typeof v === "string", "must be a string"],
  BackupSize: [(v) => typeof v === "number" && v >= 0, "must be a number of bytes"],
  InstanceId: [(v) => typeof v === "string", "must be a string"],
  Region: [(v) => typeof v === "string", "must be a string"],
};

function checkRow(file: string, where: string, row: unknown): V3Row {
  if (typeof row !== "object" || row === null || Array.isArray(row)) fail(file, where, "must be an object");
  const r = row as Record<string, unknown>;
  if (typeof r.BackupId !== "string" || !r.BackupId)
    fail(file, `${where}.BackupId`, "must be a non-empty string");
  if (typeof r.StartTime !== "string" || parseApiTime(r.StartTime) === undefined) {
    fail(file, `${where}.StartTime`, TIME_FIX);
  }
  if (typeof r.BackupType !== "string")
    fail(file, `${where}.BackupType`, 'must be a string code such as "1"');
  if (!Number.isInteger(r.Status)) fail(file, `${where}.Status`, "must be an integer status code such as 2");
  if (r.Locked !== 0 && r.Locked !== 1) fail(file, `${where}.Locked`, "must be 0 or 1");
  for (const [key, [valid, fix]] of Object.entries(OPTIONAL_ROW_FIELDS)) {
    if (r[key] !== undefined && !valid(r[key])) fail(file, `${where}.${key}`, fix);
  }
  return r as unknown as V3Row;
}

function checkInstance(file: string, where: string, instance: unknown, seen: Set<string>): void {
  if (typeof instance !== "object" || instance === null || Array.isArray(instance)) {
    fail(file, where, "must be an object with instanceId, region and backups");
  }
  const i = instance as Record<string, unknown>;
  if (typeof i.instanceId !== "string" || !i.instanceId)
    fail(file, `${where}.instanceId`, 'missing; e.g. "crs-abc12345"');
  if (seen.has(i.instanceId))
    fail(file, `${where}.instanceId`, `${i.instanceId} appears twice; ids must be unique`);
  seen.add(i.instanceId);
  if (typeof i.region !== "string" || !i.region)
    fail(file, `${where}.region`, 'missing; e.g. "ap-guangzhou"');
  if (i.password !== undefined && typeof i.password !== "string")
    fail(file, `${where}.password`, "must be a string");
  if (i.name !== undefined && typeof i.name !== "string") fail(file, `${where}.name`, "must be a string");
  if (!Array.isArray(i.backups)) fail(file, `${where}.backups`, "must be an array of API 3.0 rows");
  const ids = new Set<string>();
  for (const [j, row] of i.backups.entries()) {
    const checked = checkRow(file, `${where}.backups[${j}]`, row);
    if (ids.has(checked.BackupId)) {
      fail(file, `${where}.backups[${j}].BackupId`, `${checked.BackupId} appears twice; ids must be unique`);
    }
    ids.add(checked.BackupId);
    if (checked.InstanceId !== undefined && checked.InstanceId !== i.instanceId) {
      fail(
        file,
        `${where}.backups[${j}].InstanceId`,
        `must be ${i.instanceId} (the instance it is listed under) or left out`,
      );
    }
  }
}

/** Validates a parsed seed; errors are one line naming the field (InvalidInputError, exit 2). */
export function validateSeed(value: unknown, file = "seed"): EmulatorSeed {
  const instances = (value as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) fail(file, "instances", "must be an array of instances");
  const seen = new Set<string>();
  instances.forEach((instance, i) => {
    checkInstance(file, `instances[${i}]`, instance, seen);
  });
  return value as EmulatorSeed;
}

/** Reads and validates a seed file: `{ "instances": [ { instanceId, region, password?, backups } ] }`. */
export async function loadSeedFile(path: string): Promise<EmulatorSeed> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new InvalidInputError("seed", `--seed: cannot read ${path}; pass an existing JSON file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidInputError("seed", `--seed ${path}: not valid JSON; fix the file`);
  }
  return validateSeed(json, path);
}
