// Bundles the plan-time resolver and the CLI into self-contained files under assets/,
// so a synthesized stack (and the `crs-backup` bin) needs only `node` at run time.
// The emulator is bundled apart (assets/emulator.cjs, loaded by `crs-backup emulator` from next to the CLI bundle):
// constructs copy resolver.cjs and crs-backup.cjs into stacks, and neither may contain it.
// The resolver is bundled twice: its code (src/resolver/main.ts), then embedded as a string in its loader
// (src/resolver/loader.ts), which runs it through a V8 code cache.
// Each file is written under a temporary name and renamed, so a test running a bundle while another
// process rebundles never reads half a file.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
  write: false,
};

/** Bundles `entry` in memory; fails when it pulls in a forbidden input (metafile paths are relative to root). */
async function bundle(entry, forbidden, options = {}) {
  if (!existsSync(join(root, entry))) throw new Error(`bundle entry ${entry} is missing`);
  const result = await build({ ...common, ...options, entryPoints: [entry], outfile: "out.cjs" });
  const banned = Object.keys(result.metafile.inputs).filter((input) => forbidden.some((p) => p.test(input)));
  if (banned.length > 0) throw new Error(`${entry} must not bundle ${banned.slice(0, 3).join(", ")}`);
  return result.outputFiles[0].text;
}

function writeAtomically(out, text) {
  const file = join(root, out);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

mkdirSync(join(root, "assets"), { recursive: true });

// Runs at every `terraform plan`: it must start about as fast as node itself.
const resolverForbidden = [
  /node_modules\/cdktf\//,
  /node_modules\/tencentcloud-sdk-nodejs\//,
  /^src\/emulator\//,
];
const resolverCode = await bundle("src/resolver/main.ts", resolverForbidden);
const resolver = await bundle("src/resolver/loader.ts", resolverForbidden, {
  define: {
    __RESOLVER_SOURCE__: JSON.stringify(resolverCode),
    __RESOLVER_HASH__: JSON.stringify(createHash("sha256").update(resolverCode).digest("hex").slice(0, 16)),
  },
});
writeAtomically("assets/resolver.cjs", resolver);

// Copied into every stack with a restore or clone step: never the emulator.
writeAtomically(
  "assets/crs-backup.cjs",
  await bundle("src/cli/main.ts", [/node_modules\/cdktf\//, /^src\/emulator\//]),
);

// Only in the package, next to crs-backup.cjs, for `crs-backup emulator`.
writeAtomically("assets/emulator.cjs", await bundle("src/emulator/main.ts", [/node_modules\/cdktf\//]));
