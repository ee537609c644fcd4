/**
 * Runs the `external` data sources of a synthesized stack exactly as Terraform's external provider does: the
 * program from the stack folder (Terraform's working directory), the query as a JSON object on stdin, one JSON
 * object of strings expected on stdout. For offline tests and demos against the emulator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "./run-process";

/** One program run. */
export interface ExternalProgramRun {
  /** The data source's name in the stack, e.g. `prod-nightly_resolver_1A2B3C4D`. */
  readonly name: string;
  readonly query: Record<string, string>;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The parsed result when the program succeeded and printed a JSON object of strings. */
  readonly result?: Record<string, string>;
}

type StackJson = {
  data?: { external?: Record<string, { program: string[]; query?: Record<string, string> }> };
};

/** Reads `cdk.tf.json` of a synthesized stack folder. */
export function readStack(stackDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
}

function parseResult(stdout: string): Record<string, string> | undefined {
  try {
    const json = JSON.parse(stdout);
    const ok =
      json &&
      typeof json === "object" &&
      !Array.isArray(json) &&
      Object.values(json).every((v) => typeof v === "string");
    return ok ? json : undefined;
  } catch {
    return undefined;
  }
}

/** Runs every `data "external"` program of the stack; queries holding Terraform references are refused. */
export async function runExternalPrograms(
  stackDir: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<ExternalProgramRun[]> {
  const stack = readStack(stackDir) as StackJson;
  const runs: ExternalProgramRun[] = [];
  for (const [name, source] of Object.entries(stack.data?.external ?? {})) {
    const query = source.query ?? {};
    if (Object.values(query).some((value) => value.includes("${"))) {
      throw new Error(
        `data.external.${name}: its query holds Terraform references; only Terraform can resolve them`,
      );
    }
    const [command, ...args] = source.program;
    const run = await runProcess(command, args, {
      cwd: stackDir,
      env,
      input: JSON.stringify(query),
      timeoutMs,
    });
    const result = run.exitCode === 0 ? parseResult(run.stdout) : undefined;
    runs.push({ name, query, ...run, ...(result ? { result } : {}) });
  }
  return runs;
}

const REFERENCE = /data\.external\.([A-Za-z0-9_-]+)\.result\["([a-z_]+)"\]/g;

/** Replaces references to external results by their values, the way Terraform would see them after the read. */
function substitute(value: unknown, results: Record<string, Record<string, string>>): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{data\.external\.([A-Za-z0-9_-]+)\.result\["([a-z_]+)"\]\}$/.exec(value);
    if (whole) return results[whole[1]]?.[whole[2]] ?? value;
    return value.replace(REFERENCE, (match, name: string, key: string) =>
      results[name]?.[key] === undefined ? match : JSON.stringify(results[name][key]),
    );
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, results));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  }
  return value;
}

/**
 * A root module holding only what Terraform can run without downloading providers (terraform_data resources,
 * variables, outputs), with the external data sources' results substituted in. Lets a machine with only the
 * `terraform` binary apply a stack's pins and local-exec steps.
 */
export function builtInOnlyModule(
  stack: Record<string, unknown>,
  results: Record<string, Record<string, string>>,
) {
  const resources = (stack.resource ?? {}) as Record<string, unknown>;
  const module = {
    ...(stack.variable ? { variable: stack.variable } : {}),
    ...(stack.output ? { output: stack.output } : {}),
    resource: { terraform_data: resources.terraform_data ?? {} },
  };
  return substitute(module, results) as Record<string, unknown>;
}
