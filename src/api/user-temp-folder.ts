/**
 * Per-user folders under the OS temp dir, for state that processes of one user share: the throttle's slots and
 * the resolver's code cache. Checked with one lstat when the folder exists (the usual case: every plan-time
 * lookup passes here), created with mode 0700 when it does not, and pruned of unused files now and then.
 */
import { lstatSync, mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * The OS temp dir, as node:os's tmpdir() finds it. On POSIX that is TMPDIR, TMP, TEMP or /tmp without a trailing
 * slash, read here directly: loading node:os costs a plan-time lookup about 0.3 ms for nothing else.
 */
export function osTempDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === "win32") return (require("node:os") as typeof import("node:os")).tmpdir();
  const dir = env.TMPDIR || env.TMP || env.TEMP || "/tmp";
  return dir.length > 1 && dir.endsWith("/") ? dir.slice(0, -1) : dir;
}

/**
 * `<base>/<name>-<uid>`, a directory owned by this user that no one else can read or write; undefined when it is
 * not (or cannot be created). Where there are no uids (Windows), `<base>/<name>` in the per-user temp dir.
 * `base` defaults to the OS temp dir.
 */
export function userTempFolder(name: string, base = osTempDir()): string | undefined {
  const uid = process.getuid?.();
  const folder = join(base, uid === undefined ? name : `${name}-${uid}`);
  try {
    let stat = lstatSync(folder, { throwIfNoEntry: false });
    if (!stat) {
      mkdirSync(folder, { mode: 0o700 });
      stat = lstatSync(folder);
    }
    if (!stat.isDirectory()) return undefined;
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0)) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/**
 * Removes the files of `folder` not used for `maxAgeMs` (neither read nor written: the later of atime and mtime),
 * except `keep`. Meant for rare moments (a new state or cache file), so the folder stays small at no cost per
 * lookup; a file removed while still wanted is only rebuilt.
 */
export function pruneFolder(folder: string, maxAgeMs: number, keep?: string): void {
  const cutoff = Date.now() - maxAgeMs;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === keep) continue;
    const file = join(folder, name);
    try {
      const stat = lstatSync(file);
      if (stat.isFile() && Math.max(stat.atimeMs, stat.mtimeMs) < cutoff) unlinkSync(file);
    } catch {
      // removed by another process meanwhile
    }
  }
}
