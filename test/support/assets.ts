/** Makes sure the bundled programs exist (npm test builds them; a lone `npx jest` may not have). */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Absolute path of a bundled program, bundling once if it is missing. */
export function ensureBundled(program: "resolver" | "crs-backup"): string {
  const file = join(ROOT, "assets", `${program}.cjs`);
  if (!existsSync(file))
    execFileSync(process.execPath, [join(ROOT, "scripts", "bundle.mjs")], { stdio: "ignore" });
  return file;
}
