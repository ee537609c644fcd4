/**
 * The entry of assets/resolver.cjs: runs the bundled resolver (main.ts, embedded by scripts/bundle.mjs as a
 * string) through a V8 code cache, so later runs skip compiling the functions a lookup uses (about 4 ms of a
 * ~40 ms budget, issue 6). Node 20 has no `module.enableCompileCache`; this is the same idea by hand.
 *
 * The cache lives in a per-user folder under the OS temp dir, never in the stack folder, and is written after the
 * first completed lookup (a failed or skipped run compiles too little to be worth keeping). It is keyed by the
 * resolver's content hash, the Node version and the architecture; V8 rejects a cache that does not match the
 * code, and any failure to read or write it only means compiling normally. `NODE_DISABLE_COMPILE_CACHE` (Node's
 * own switch for its compile cache) turns it off.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { pruneFolder, userTempFolder } from "../api/user-temp-folder";

/** Caches of other resolver versions unused this long are removed when a new one is written. */
const UNUSED_CACHE_MS = 7 * 24 * 3_600_000;

/** The resolver's bundled CommonJS code; replaced at bundle time. */
declare const __RESOLVER_SOURCE__: string;
/** A content hash of that code; replaced at bundle time. */
declare const __RESOLVER_HASH__: string;

/**
 * The cache folder: ours alone (owner and mode checked), since V8 trusts what it loads from there. None without
 * uids to check (Windows): the resolver compiles normally there.
 */
function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || process.getuid === undefined) return undefined;
  return userTempFolder("crs-backup-code-cache");
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes under a temporary name, then renames: parallel resolvers never read half a cache. A new cache (a new
 * resolver or Node version) is also the moment to drop the caches, and leftovers of crashed writes, no one used
 * for a week, so upgrades do not pile up in the temp dir.
 */
function writeCache(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // a read-only or full temp dir: the next run compiles normally
  }
  pruneFolder(dirname(file), UNUSED_CACHE_MS, basename(file));
}

const folder = cacheFolder(process.env);
const cacheFile = folder && join(folder, `${__RESOLVER_HASH__}-${process.version}-${process.arch}.bin`);
const cachedData = readCache(cacheFile);
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {${__RESOLVER_SOURCE__}\n})`,
  { filename: __filename, cachedData },
);
const resolverModule: { exports: { lookupCompleted?: boolean } } = { exports: {} };
script.runInThisContext()(resolverModule.exports, require, resolverModule, __filename, dirname(__filename));
if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  // At exit, and only after a completed lookup (main.ts), so the cache holds every function a lookup compiles.
  process.once("exit", () => {
    if (resolverModule.exports.lookupCompleted) writeCache(cacheFile, script.createCachedData());
  });
}
