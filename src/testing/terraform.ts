/** Runs the `terraform` binary when it is on PATH (offline: only built-in resources can be planned here). */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type ProcessRun, runProcess } from "./run-process";

/** The `terraform` executable on PATH, or undefined. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "terraform");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** One terraform run's output. */
export type TerraformRun = ProcessRun;

/** An empty CLI config file, so a missing or unusual ~/.terraformrc never changes what runs. */
const EMPTY_CLI_CONFIG = process.platform === "win32" ? "NUL" : "/dev/null";

/** This process's environment without the machine's own `TF_*` settings (TF_LOG, TF_WORKSPACE, TF_VAR_x, ...). */
function environmentWithoutTerraformSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TF_")));
}

/**
 * Runs `terraform <args>` in `dir` with no colour, no input and an empty CLI config; `TF_*` variables come only
 * from `env`, so a machine's TF_LOG or TF_WORKSPACE never changes what runs or what it prints.
 */
export function runTerraform(
  binary: string,
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<TerraformRun> {
  return runProcess(binary, [...args, "-no-color"], {
    cwd: dir,
    timeoutMs: 300_000,
    env: {
      ...environmentWithoutTerraformSettings(),
      ...env,
      TF_CLI_CONFIG_FILE: EMPTY_CLI_CONFIG,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
    },
  });
}
