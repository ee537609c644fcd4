/**
 * Runs the `external` data sources of a synthesized stack exactly as Terraform's external provider does
 * (hashicorp/terraform-provider-external, `internal/provider/data_source.go`): the stack folder is the root
 * module and Terraform's working directory, so `${path.module}` is `.`; the program runs in `working_dir` when set
 * (relative to the stack folder), else in the stack folder; empty program elements and null query values are
 * dropped; the query goes as a JSON object on stdin; stdout must be one JSON object whose values are strings
 * (a null value reads as ""). For offline tests and demos against the emulator.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
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

type ExternalBlock = {
  program: (string | null)[];
  query?: Record<string, string | null>;
  working_dir?: string;
};
type StackJson = { data?: { external?: Record<string, ExternalBlock> } };

/** `${path.module}` as Terraform reads it in a root module. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a template
const PATH_MODULE = "${path.module}";

/** Reads `cdk.tf.json` of a synthesized stack folder. */
export function readStack(stackDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
}

function parseResult(stdout: string): Record<string, string> | undefined {
  try {
    const json: unknown = JSON.parse(stdout);
    if (!json || typeof json !== "object" || Array.isArray(json)) return undefined;
    const entries = Object.entries(json).map(([key, value]) => [key, value === null ? "" : value] as const);
    return entries.every(([, value]) => typeof value === "string")
      ? (Object.fromEntries(entries) as Record<string, string>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A literal of the stack: `${path.module}` read as `.`, any other reference refused. */
function literalOf(value: string, where: string): string {
  const text = value.split(PATH_MODULE).join(".");
  if (text.includes("${")) {
    throw new Error(`${where} holds Terraform references; only Terraform can resolve them`);
  }
  return text;
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
    const where = `data.external.${name}`;
    const query = Object.fromEntries(
      Object.entries(source.query ?? {})
        .filter((entry): entry is [string, string] => entry[1] !== null)
        .map(([key, value]) => [key, literalOf(value, `${where}: its query`)]),
    );
    const program = source.program
      .filter((part): part is string => part !== null && part !== "")
      .map((part) => literalOf(part, `${where}: its program`));
    const [command, ...args] = program;
    if (command === undefined) throw new Error(`${where}: its program is empty`);
    const workingDir = source.working_dir ? literalOf(source.working_dir, `${where}: working_dir`) : ".";
    const run = await runProcess(command, args, {
      cwd: resolve(stackDir, workingDir),
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
