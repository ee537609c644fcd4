// Bundles the plan-time resolver and the CLI into self-contained files under assets/,
// so a synthesized stack (and the `crs-backup` bin) needs only `node` at run time.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundles = [
  { entry: "src/resolver/main.ts", out: "assets/resolver.cjs" },
  { entry: "src/cli/main.ts", out: "assets/crs-backup.cjs" },
];

mkdirSync(join(root, "assets"), { recursive: true });
for (const { entry, out } of bundles) {
  if (!existsSync(join(root, entry))) throw new Error(`bundle entry ${entry} is missing`);
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, out),
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    legalComments: "none",
    logLevel: "warning",
  });
}
