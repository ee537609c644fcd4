import { existsSync } from "node:fs";
import { join } from "node:path";
import { AssetType, TerraformAsset, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/** The self-contained programs this package ships, bundled by scripts/bundle.mjs. */
export type BundledProgram = "resolver" | "crs-backup";

const ASSETS_DIR = join(__dirname, "..", "..", "assets");

/** Absolute path of a bundled program inside this package (same depth from src/ and lib/). */
function bundledProgramPath(program: BundledProgram): string {
  const file = join(ASSETS_DIR, `${program}.cjs`);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run "npm run build" to bundle the ${program} program`);
  }
  return file;
}

/**
 * The program as a TerraformAsset of the enclosing stack, created once per stack, so the synthesized stack
 * folder carries it and runs on a machine with only `node` and `terraform`.
 * Returns the path to pass to `node`: `${path.module}/assets/...`, so it runs whatever directory Terraform runs
 * in and when the stack is used as a child module (as the external provider's docs advise).
 */
export function bundledProgramAssetPath(scope: Construct, program: BundledProgram): string {
  const stack = TerraformStack.of(scope);
  const id = `crs-backup-${program}-asset`;
  const existing = stack.node.tryFindChild(id) as TerraformAsset | undefined;
  const asset =
    existing ?? new TerraformAsset(stack, id, { path: bundledProgramPath(program), type: AssetType.FILE });
  return `\${path.module}/${asset.path}`;
}
