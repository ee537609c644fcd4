// Generates the typed tencentcloud bindings under .gen/providers/tencentcloud OFFLINE, from the trimmed provider
// schema committed at schema/tencentcloud.json, with the same generator `cdktf get` uses (@cdktf/provider-generator).
// No prebuilt @cdktf/provider-tencentcloud exists, and `cdktf get` would need to download the provider.
//
//   node scripts/generate-bindings.mjs          regenerate .gen/providers/tencentcloud
//   node scripts/generate-bindings.mjs --check  exit 1 when the committed bindings differ from the schema's
//
// To add a resource: copy its entry from `terraform providers schema -json` (run in any folder that declares the
// provider) into schema/tencentcloud.json, then regenerate. See docs/BINDINGS.md.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMA = join(ROOT, "schema", "tencentcloud.json");
const OUTDIR = join(ROOT, ".gen");
const PROVIDER_DIR = join("providers", "tencentcloud");
const FQPN = "registry.terraform.io/tencentcloudstack/tencentcloud";
/** The provider version the schema was taken from, and the constraint the generated provider declares. */
const PROVIDER_VERSION = "1.83.25";
const CONSTRAINT = "tencentcloudstack/tencentcloud@~> 1.83";

async function generate(outdir) {
  // @cdktf/commons runs `terraform version` when loaded: keep it quiet and independent of ~/.terraformrc.
  process.env.TF_CLI_CONFIG_FILE = process.platform === "win32" ? "NUL" : "/dev/null";
  process.env.CHECKPOINT_DISABLE = "1";
  // The generator module itself: the package's index also loads jsii-pacmak, which only `cdktf get` for other
  // languages needs and which is not installed.
  const { TerraformProviderGenerator } = await import(
    "@cdktf/provider-generator/lib/get/generator/provider-generator.js"
  );
  const { CodeMaker } = await import("codemaker");
  const { ConstructsMakerProviderTarget, LANGUAGES, TerraformProviderConstraint } = await import(
    "@cdktf/commons"
  );
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8"));
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, {
    ...schema,
    provider_versions: { [FQPN]: PROVIDER_VERSION },
  });
  const constraint = new TerraformProviderConstraint(CONSTRAINT);
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));
  await code.save(outdir);
}

/** Every file under `dir`, relative paths to contents. */
function readTree(dir) {
  const files = new Map();
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = join(dir, name);
    try {
      files.set(relative(dir, file), readFileSync(file, "utf8"));
    } catch {
      // a directory
    }
  }
  return files;
}

function differences(expected, actual) {
  const names = new Set([...expected.keys(), ...actual.keys()]);
  return [...names].filter((name) => expected.get(name) !== actual.get(name)).sort();
}

async function main() {
  const check = process.argv.includes("--check");
  const scratch = mkdtempSync(join(tmpdir(), "crs-gen-"));
  try {
    await generate(scratch);
    const fresh = readTree(join(scratch, PROVIDER_DIR));
    if (check) {
      let committed = new Map();
      try {
        committed = readTree(join(OUTDIR, PROVIDER_DIR));
      } catch {
        // nothing committed yet
      }
      const changed = differences(fresh, committed);
      if (changed.length > 0) {
        process.stderr.write(
          `generate-bindings: .gen/${PROVIDER_DIR} is out of date (${changed.join(", ")}); run node scripts/generate-bindings.mjs\n`,
        );
        return 1;
      }
      process.stdout.write(`generate-bindings: .gen/${PROVIDER_DIR} matches schema/tencentcloud.json\n`);
      return 0;
    }
    rmSync(join(OUTDIR, PROVIDER_DIR), { recursive: true, force: true });
    for (const [name, text] of fresh) {
      const target = join(OUTDIR, PROVIDER_DIR, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    process.stdout.write(`generate-bindings: wrote ${fresh.size} files to .gen/${PROVIDER_DIR}\n`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
