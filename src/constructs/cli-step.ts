/**
 * What RedisBackupRestore and RedisBackupClone share: a `terraform_data` whose local-exec provisioner runs the
 * bundled `crs-backup` CLI, re-run only when an explicit trigger changes. Builds the command line, keeps values
 * that reach the shell harmless, and passes the password through the provisioner's environment only.
 */
import { DataResource, Fn, Token } from "cdktf";
import type { Construct } from "constructs";
import { checkRegion, parseEndpoint } from "../api/endpoint";
import { parseDuration } from "../backups/time";
import { bundledProgramAssetPath } from "./bundled-program";
import { failAt, literal, requireString, withConstructPath } from "./validate";

/**
 * Characters a value may hold to be placed on the command line unquoted: the same for `sh` and Windows `cmd`
 * (no spaces, quotes, `$`, `%`, `&`, `;`, `|`, backticks or redirections). Ids, zones and URLs fit.
 */
const SHELL_SAFE = "^[A-Za-z0-9._:/@+=,-]+$";
/** The same characters, empty allowed: emptiness has its own precondition and message. */
const SHELL_SAFE_OR_EMPTY = "^[A-Za-z0-9._:/@+=,-]*$";
const SHELL_SAFE_RE = new RegExp(SHELL_SAFE);

/** The environment variable the CLI reads the instance password from. */
const PASSWORD_ENV = "TENCENTCLOUD_REDIS_PASSWORD";

/** One flag and its value, as the CLI spells it (e.g. `--instance-id`). */
export interface CliArgument {
  /** The construct prop the value came from, named in errors. */
  readonly prop: string;
  /** The CLI flag, e.g. `--instance-id`. */
  readonly flag: string;
  /** A literal or a token; `undefined` leaves the flag out. */
  readonly value: string | undefined;
  /** A path relative to the module directory: rendered as `${path.module}/<value>`. */
  readonly moduleRelative?: boolean;
}

/** A CLI step as the constructs describe it. */
export interface CliStepSpec {
  /** `RedisBackupRestore` or `RedisBackupClone`, for error messages. */
  readonly kind: string;
  /** The CLI's subcommand, e.g. `restore`. */
  readonly subcommand: string;
  /** Flags with values, in order. */
  readonly args: readonly CliArgument[];
  /** Flags without values, appended last (e.g. `--yes`, `--json`). */
  readonly switches: readonly string[];
  /** When this changes, the step runs again (it is the only entry of `triggers_replace`). */
  readonly trigger: string;
  /** Non-secret values kept in state for reference (the `input` of the terraform_data). */
  readonly input: { [key: string]: string };
  /** A sensitive token for TENCENTCLOUD_REDIS_PASSWORD; undefined inherits the runner's environment. */
  readonly password?: string;
}

/**
 * Validates literals with one-line errors naming the prop: blank required values, values that are unsafe on a
 * command line, and a literal password (it would be written into the synthesized JSON).
 */
export function validateCliStep(scope: Construct, spec: CliStepSpec, required: readonly string[]): void {
  requireString(scope, spec.kind, "trigger", spec.trigger);
  for (const arg of spec.args) {
    if (required.includes(arg.prop)) requireString(scope, spec.kind, arg.prop, arg.value);
    const text = literal(arg.value);
    if (text !== undefined && !SHELL_SAFE_RE.test(text)) {
      failAt(
        scope,
        spec.kind,
        `${arg.prop}: "${text}" holds characters a command line would interpret; ` +
          "use letters, digits and . _ : / @ + = , - only",
      );
    }
  }
  if (spec.password !== undefined && !Token.isUnresolved(spec.password)) {
    failAt(
      scope,
      spec.kind,
      "password: a literal password would be written into the synthesized stack; " +
        "pass a sensitive TerraformVariable's value (e.g. passwordVariable.stringValue), or leave it out to use " +
        `${PASSWORD_ENV} from the environment of terraform apply`,
    );
  }
}

/** Checks the optional `region`, `endpoint` and `timeout` literals the way the CLI would. */
export function validateConnectionProps(
  scope: Construct,
  kind: string,
  props: { region?: string; endpoint?: string; timeout?: string; pollInterval?: string },
): void {
  const region = literal(props.region);
  if (region !== undefined) withConstructPath(scope, kind, () => checkRegion(region));
  const endpoint = literal(props.endpoint);
  if (endpoint !== undefined) withConstructPath(scope, kind, () => parseEndpoint(endpoint));
  for (const prop of ["timeout", "pollInterval"] as const) {
    const text = literal(props[prop]);
    if (text !== undefined && parseDuration(text) === undefined) {
      failAt(
        scope,
        kind,
        `${prop}: "${text}" is not a duration; use a whole number followed by s, m, h or d, for example 30m`,
      );
    }
  }
}

/**
 * The command line: `node ${path.module}/<asset> <subcommand> --flag value ... --switch`. `path.module` makes the
 * asset path independent of the directory Terraform runs the provisioner from.
 */
function cliCommand(scope: Construct, spec: CliStepSpec): string {
  const program = bundledProgramAssetPath(scope, "crs-backup");
  const args = spec.args
    .filter((arg) => arg.value !== undefined)
    .flatMap((arg) => [arg.flag, arg.moduleRelative ? `\${path.module}/${arg.value}` : arg.value!]);
  return ["node", program, spec.subcommand, ...args, ...spec.switches].join(" ");
}

/** Why a value known only at plan time may come out empty, per prop. */
const EMPTY_BECAUSE: Readonly<Record<string, string>> = {
  backupId:
    "the lookup found no usable backup when its pin was made or rotated (or onNone is empty, or CRS_BACKUP_LOOKUP=skip); once one exists, rotate the pin again (a new rotateOn value, or terraform apply -replace on the pin): fixing the lookup's criteria alone does not move a pin",
};

/**
 * Preconditions on values known only at plan time, each with its own message naming the construct: not empty
 * (an empty argument would shift the command line's flags), and no characters a shell would interpret.
 */
function planTimePreconditions(scope: Construct, spec: CliStepSpec) {
  const where = `${spec.kind} ${scope.node.path}`;
  return spec.args
    .filter((arg) => arg.value !== undefined && Token.isUnresolved(arg.value))
    .flatMap((arg) => [
      {
        condition: Fn.can(Fn.regex("^.+$", arg.value!)),
        errorMessage: `${where}: ${arg.prop} is empty: ${EMPTY_BECAUSE[arg.prop] ?? "give it a value"}`,
      },
      {
        condition: Fn.can(Fn.regex(SHELL_SAFE_OR_EMPTY, arg.value!)),
        errorMessage: `${where}: ${arg.prop} holds characters a command line would interpret; use letters, digits and . _ : / @ + = , - only`,
      },
    ]);
}

/**
 * The `terraform_data` running the step. `triggers_replace` holds only the trigger, so nothing but an explicit
 * request (never a newer backup) runs it again. `input` ignores later changes, so the state keeps recording
 * what the step actually ran with. The password reaches the CLI through `environment` only, which Terraform
 * does not keep in state.
 */
export function cliStepResource(scope: Construct, id: string, spec: CliStepSpec): DataResource {
  const preconditions = planTimePreconditions(scope, spec);
  return new DataResource(scope, id, {
    triggersReplace: { trigger: spec.trigger },
    input: spec.input,
    lifecycle: {
      ignoreChanges: ["input"],
      ...(preconditions.length > 0 ? { precondition: preconditions } : {}),
    },
    provisioners: [
      {
        type: "local-exec",
        command: cliCommand(scope, spec),
        ...(spec.password === undefined ? {} : { environment: { [PASSWORD_ENV]: spec.password } }),
      },
    ],
  });
}
