/** Makes sure the bundled programs exist and are current (npm test builds them; a lone `npx jest` may not have). */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** The newest modification time of any source file under `dir`. */
function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const ms = entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, ms);
  }
  return newest;
}

/** Absolute path of a bundled program, bundling when it is missing or older than src/ or the bundle script. */
export function ensureBundled(program: "resolver" | "crs-backup"): string {
  const file = join(ROOT, "assets", `${program}.cjs`);
  const script = join(ROOT, "scripts", "bundle.mjs");
  const stale =
    !existsSync(file) ||
    statSync(file).mtimeMs < Math.max(newestSourceMs(join(ROOT, "src")), statSync(script).mtimeMs);
  if (stale) execFileSync(process.execPath, [script], { cwd: ROOT, stdio: "pipe" });
  return file;
}
