/**
 * Reading and writing `redis-backups.lock.json`: stable formatting (sorted keys, 2-space indent, trailing
 * newline) so it diffs well in review, atomic writes (temp file + rename) so a crash never leaves half a file,
 * and writes serialized per file within the process so concurrent lookups never lose each other's entries.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InvalidInputError } from "../../backups/errors";
import { type LockedBackup, parseEntry, sameBackup } from "./entry";

/** Entries by key (see lockKey). */
export type LockEntries = Readonly<Record<string, LockedBackup>>;

/** The lock file format version this library reads and writes. */
const LOCK_FILE_VERSION = 1;

const COMMENT =
  "Backups resolved by resolveLatestBackup (cdktf-tencentcloud-redis-backup). Commit this file. " +
  "Refresh with CRS_BACKUP_LOOKUPS=refresh; see docs/LOCK-FILE.md.";

function corrupt(file: string, why: string): never {
  throw new InvalidInputError(
    "lockFile",
    `lockFile: ${file} is not a valid lock file: ${why}; fix it, or delete it and run synth with lookups on`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a lock file's text; a corrupt file is InvalidInputError naming the file and what is wrong. */
export function parseLockFile(text: string, file: string): LockEntries {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    corrupt(file, `not JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (!isPlainObject(data)) corrupt(file, "not a JSON object");
  if (data.version !== LOCK_FILE_VERSION) {
    corrupt(file, `version ${JSON.stringify(data.version)} is not ${LOCK_FILE_VERSION}`);
  }
  if (!isPlainObject(data.entries)) corrupt(file, "entries is not an object");
  const entries: [string, LockedBackup][] = [];
  for (const [key, value] of Object.entries(data.entries)) {
    const entry = parseEntry(value);
    if (typeof entry === "string") corrupt(file, `entry "${key}": ${entry}`);
    entries.push([key, entry]);
  }
  // fromEntries defines own properties: a key such as "__proto__" stays an entry, never a prototype.
  return Object.fromEntries(entries);
}

/** The entry recorded under `key`; never an inherited property (a key such as "constructor"). */
export function entryAt(entries: LockEntries, key: string): LockedBackup | undefined {
  return Object.hasOwn(entries, key) ? entries[key] : undefined;
}

/** Reads the lock file; a missing file has no entries. */
export async function readLockFile(file: string): Promise<LockEntries> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return {};
    throw new InvalidInputError(
      "lockFile",
      `lockFile: cannot read ${file} (${code}); check the path and rights`,
    );
  }
  return parseLockFile(text, file);
}

/** Recursively sorts object keys, so the text depends only on the data, never on insertion order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((key) => [key, sortKeys(value[key])]));
}

/** The file's text: sorted keys, 2-space indent, trailing newline. */
export function formatLockFile(entries: LockEntries): string {
  return `${JSON.stringify(sortKeys({ "//": COMMENT, entries, version: LOCK_FILE_VERSION }), null, 2)}\n`;
}

/** Writes a temp file next to the target and renames it over (atomic on one file system). */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, text, { encoding: "utf8", flag: "wx" });
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InvalidInputError(
      "lockFile",
      `lockFile: cannot write ${file} (${code}); make its folder writable or set lockFile`,
    );
  }
}

/** The tail of each file's write queue in this process. */
const writeQueues = new Map<string, Promise<void>>();

/** Runs `task` after every earlier task on the same file has settled. */
function serialized<T>(file: string, task: () => Promise<T>): Promise<T> {
  const previous = writeQueues.get(file) ?? Promise.resolve();
  const run = previous.then(task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  writeQueues.set(file, tail);
  void tail.then(() => {
    if (writeQueues.get(file) === tail) writeQueues.delete(file);
  });
  return run;
}

/**
 * Records `entry` under `key` (re-reading the file under the queue, so concurrent lookups merge). When the key
 * already holds the same backup, the file is left untouched and the existing entry (with its first
 * `resolvedAt`) is returned: a refresh that changes nothing produces no diff.
 */
export function recordEntry(file: string, key: string, entry: LockedBackup): Promise<LockedBackup> {
  return serialized(file, async () => {
    const entries = await readLockFile(file);
    const existing = entryAt(entries, key);
    if (existing && sameBackup(existing, entry)) return existing;
    await writeAtomically(file, formatLockFile({ ...entries, [key]: entry }));
    return entry;
  });
}
