/** Seed data: instances and their backups as API 3.0 rows. Loaded from JSON and validated. */
import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../backups/errors";
import { parseApiTime } from "../backups/time";

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

function checkRow(file: string, where: string, row: unknown): V3Row {
  if (typeof row !== "object" || row === null) fail(file, where, "must be an object");
  const r = row as Record<string, unknown>;
  if (typeof r.BackupId !== "string" || !r.BackupId)
    fail(file, `${where}.BackupId`, "must be a non-empty string");
  for (const key of ["StartTime", "EndTime", "ExpireTime"]) {
    const value = r[key];
    if (value === undefined && key !== "StartTime") continue;
    if (typeof value !== "string" || parseApiTime(value) === undefined) {
      fail(file, `${where}.${key}`, "must be 'YYYY-MM-DD HH:MM:SS' (Beijing time)");
    }
  }
  if (typeof r.BackupType !== "string")
    fail(file, `${where}.BackupType`, 'must be a string code such as "1"');
  if (!Number.isInteger(r.Status)) fail(file, `${where}.Status`, "must be an integer status code");
  if (r.Locked !== 0 && r.Locked !== 1) fail(file, `${where}.Locked`, "must be 0 or 1");
  return r as unknown as V3Row;
}

/** Validates a parsed seed; errors are one line naming the field. */
export function validateSeed(value: unknown, file = "seed"): EmulatorSeed {
  const instances = (value as { instances?: unknown })?.instances;
  if (!Array.isArray(instances)) fail(file, "instances", "must be an array of instances");
  instances.forEach((instance, i) => {
    const where = `instances[${i}]`;
    if (typeof instance?.instanceId !== "string" || !instance.instanceId)
      fail(file, `${where}.instanceId`, "missing");
    if (typeof instance.region !== "string" || !instance.region) fail(file, `${where}.region`, "missing");
    if (instance.password !== undefined && typeof instance.password !== "string") {
      fail(file, `${where}.password`, "must be a string");
    }
    if (!Array.isArray(instance.backups)) fail(file, `${where}.backups`, "must be an array of API 3.0 rows");
    for (const [j, row] of (instance.backups as unknown[]).entries())
      checkRow(file, `${where}.backups[${j}]`, row);
  });
  return value as EmulatorSeed;
}

/** Reads and validates a seed file. */
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
