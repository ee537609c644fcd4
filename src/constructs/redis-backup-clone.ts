import { type DataResource, Fn, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { instanceNameProblem, periodProblem } from "../api/clone-rules";
import { type CliStepSpec, cliStepResource, validateCliStep, validateConnectionProps } from "./cli-step";
import { failAt, literal, requireOneOf } from "./validate";

/** How the clone is billed (CloneInstances `BillingMode`). */
export enum CloneBillingMode {
  /** Pay as you go (BillingMode 0). */
  POSTPAID = "postpaid",
  /** Monthly subscription (BillingMode 1); see `period`. */
  PREPAID = "prepaid",
}

/** Props of {@link RedisBackupClone}. Every prop may be a token; literal values are validated at synth. */
export interface RedisBackupCloneProps {
  /** The instance whose backup is cloned, e.g. `crs-xxxxxxxx`. */
  readonly sourceInstanceId: string;
  /** The backup to clone from, usually a pinned lookup's id (`lookup.pin({ rotateOn }).backupId`). */
  readonly backupId: string;
  /**
   * The clone request: a clone is made when the resource is created and again only when this value changes.
   * Each run creates new, billable instances; a newer backup never makes another one.
   */
  readonly trigger: string;
  /** Numeric zone id of the new instance, e.g. `100003` (ap-guangzhou-3). */
  readonly zoneId: number;
  /** Security groups of the new instance, e.g. `["sg-xxxxxxxx"]`. */
  readonly securityGroupIds: string[];
  /**
   * VPC of the new instance.
   * @default the source instance's network as CloneInstances chooses it
   */
  readonly vpcId?: string;
  /**
   * Subnet of the new instance.
   * @default as CloneInstances chooses it
   */
  readonly subnetId?: string;
  /**
   * Name of the new instance: 1 to 59 letters, digits, `_` or `-` (Tencent's rule, checked at synth; Chinese
   * characters, which Tencent also takes, cannot travel on the step's command line).
   * @default a name Tencent assigns
   */
  readonly instanceName?: string;
  /**
   * Billing of the new instance.
   * @default CloneBillingMode.POSTPAID
   */
  readonly billingMode?: CloneBillingMode | `${CloneBillingMode}`;
  /**
   * Months of a prepaid subscription: 1 to 12, 24, 36, 48 or 60 (Tencent's terms, checked at synth).
   * @default 1
   */
  readonly period?: number;
  /**
   * Create the clone without a password (VPC-only instances).
   * @default false: the clone gets `password`, or TENCENTCLOUD_REDIS_PASSWORD of `terraform apply`
   */
  readonly noAuth?: boolean;
  /**
   * The new instance's password, as a sensitive value such as a `TerraformVariable` declared with
   * `sensitive: true`. It reaches the CLI through the provisioner's environment only; a literal is refused.
   * @default none: the CLI reads `TENCENTCLOUD_REDIS_PASSWORD` from the environment of `terraform apply`
   */
  readonly password?: string;
  /**
   * Where the CLI writes the result (`{ from, backupId, instanceIds, dealName, requestId }`), relative to the
   * stack's module directory. Read the new ids from it to adopt the clone with an `import` block. It is also a
   * write-ahead record: while a clone's outcome is unknown it holds `unsettled` (and no ids), and the step refuses
   * to clone again until the file is deleted, so keep it between applies as you keep state
   * (docs/RESTORE-AND-CLONE.md). Two clones of one stack may not share a file; it may not lie under `assets/`.
   * @default `<construct path below the stack, joined with ->.clone.json`, e.g. `staging-clone.clone.json` for a
   * clone with id `staging-clone` directly in the stack
   */
  readonly outputFile?: string;
  /**
   * The source instance's region, e.g. `ap-guangzhou`.
   * @default the `TENCENTCLOUD_REGION` environment variable of `terraform apply`
   */
  readonly region?: string;
  /**
   * API endpoint URL, e.g. `http://127.0.0.1:8000` for the emulator.
   * @default the `TENCENTCLOUD_REDIS_ENDPOINT` environment variable, else the region's endpoint (under `TENCENTCLOUD_DOMAIN` when set)
   */
  readonly endpoint?: string;
}

const KIND = "RedisBackupClone";

/** Output files claimed in each stack, by the path of the clone that writes them: two clones must never share one. */
const claimedOutputFiles = new WeakMap<TerraformStack, Map<string, string>>();

/** The clone's path below its stack (`qa/clone` -> `qa-clone`), so clones with the same id in different scopes differ. */
function defaultOutputFile(clone: Construct): string {
  const stackPath = TerraformStack.of(clone).node.path;
  const below = clone.node.path.slice(stackPath.length).replace(/^\//, "");
  return `${below.replace(/[^A-Za-z0-9_-]/g, "-")}.clone.json`;
}

/** Registers `outputFile` for `clone`; fails naming both clones when another one of the stack writes it. */
function claimOutputFile(clone: Construct, outputFile: string): void {
  const stack = TerraformStack.of(clone);
  const claimed = claimedOutputFiles.get(stack) ?? new Map<string, string>();
  claimedOutputFiles.set(stack, claimed);
  const key = outputFile.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  const other = claimed.get(key);
  if (other !== undefined) {
    failAt(
      clone,
      KIND,
      `outputFile: "${outputFile}" is already written by ${other}; give each clone its own outputFile`,
    );
  }
  claimed.set(key, clone.node.path);
}

/**
 * New Tencent Cloud Redis instances cloned from a backup when Terraform applies.
 *
 * The provider has no clone resource, so this synthesizes a `terraform_data` whose local-exec provisioner runs
 * the bundled `crs-backup clone ... --yes --json --output-file <file>`. It runs once when created and again only
 * when `trigger` changes. Terraform does not manage the new instances until you adopt them with an `import` block.
 */
export class RedisBackupClone extends Construct {
  /** The `terraform_data` running the clone. */
  readonly resource: DataResource;
  /** The result file, relative to the stack's module directory. */
  readonly outputFile: string;

  constructor(scope: Construct, id: string, props: RedisBackupCloneProps) {
    super(scope, id);
    this.outputFile = props.outputFile ?? defaultOutputFile(this);
    const spec = cloneStep(props, this.outputFile);
    validateConnectionProps(this, KIND, props);
    validateCloneProps(this, props, this.outputFile);
    validateCliStep(this, spec, ["sourceInstanceId", "backupId", "securityGroupIds"]);
    // Last, once every check passed: a clone refused above must not hold its file against a corrected one.
    claimOutputFile(this, this.outputFile);
    this.resource = cliStepResource(this, "clone", spec);
  }
}

function validateCloneProps(scope: Construct, props: RedisBackupCloneProps, outputFile: string): void {
  const fail = (prop: string, fix: string): never => failAt(scope, KIND, `${prop}: ${fix}`);
  requireOneOf(scope, KIND, "billingMode", props.billingMode, Object.values(CloneBillingMode));
  for (const [prop, value] of [
    ["zoneId", props.zoneId],
    ["period", props.period],
  ] as const) {
    const number = literal(value);
    if (number !== undefined && (!Number.isInteger(number) || number <= 0)) {
      fail(prop, `${number} is not a positive whole number; for example ${prop === "zoneId" ? 100003 : 1}`);
    }
  }
  const billingMode = literal(props.billingMode) ?? CloneBillingMode.POSTPAID;
  if (props.period !== undefined && billingMode !== CloneBillingMode.PREPAID) {
    const why =
      props.billingMode === undefined
        ? "only applies to prepaid billing (billing defaults to postpaid)"
        : "only applies to prepaid billing";
    fail("period", `${why}; drop it or set billingMode: CloneBillingMode.PREPAID`);
  }
  const period = literal(props.period);
  const periodRule = period === undefined ? undefined : periodProblem(period);
  if (periodRule) fail("period", `${period} ${periodRule}`);
  const name = literal(props.instanceName);
  const nameRule = name === undefined ? undefined : stepInstanceNameProblem(name);
  if (nameRule) fail("instanceName", `"${name}" ${nameRule}`);
  const groups = literal(props.securityGroupIds);
  if (groups !== undefined && groups.length === 0)
    fail("securityGroupIds", 'empty; pass e.g. ["sg-xxxxxxxx"]');
  if (groups?.some((group) => !Token.isUnresolved(group) && group.includes(","))) {
    fail("securityGroupIds", "one id per entry; split comma-separated ids into separate entries");
  }
  if (props.noAuth !== undefined && Token.isUnresolved(props.noAuth)) fail("noAuth", "must be true or false");
  if (props.noAuth === true && props.password !== undefined) {
    fail("password", "not used with noAuth: true; remove one of them");
  }
  const outside = outputFile.split(/[\\/]/).includes("..");
  if (
    outputFile.startsWith("/") ||
    /^[A-Za-z]:/.test(outputFile) ||
    outside ||
    Token.isUnresolved(outputFile)
  ) {
    fail(
      "outputFile",
      `"${outputFile}" must be a literal path inside the stack folder, e.g. staging.clone.json`,
    );
  }
  if (outputFile.split(/[\\/]/).find((part) => part !== "" && part !== ".") === "assets") {
    // cdktf rewrites the asset folders at every synth: a record kept there would be lost.
    fail(
      "outputFile",
      `"${outputFile}" is under assets/, which every synth rewrites; choose a path outside it`,
    );
  }
}

/** The clone as a CLI step. */
function cloneStep(props: RedisBackupCloneProps, outputFile: string): CliStepSpec {
  return {
    kind: KIND,
    subcommand: "clone",
    args: [
      { prop: "sourceInstanceId", flag: "--from", value: props.sourceInstanceId },
      { prop: "backupId", flag: "--backup-id", value: props.backupId },
      { prop: "zoneId", flag: "--zone-id", value: numberText(props.zoneId) },
      { prop: "securityGroupIds", flag: "--security-group-id", value: listText(props.securityGroupIds) },
      { prop: "vpcId", flag: "--vpc-id", value: props.vpcId },
      { prop: "subnetId", flag: "--subnet-id", value: props.subnetId },
      { prop: "instanceName", flag: "--name", value: props.instanceName },
      { prop: "billingMode", flag: "--billing-mode", value: props.billingMode },
      { prop: "period", flag: "--period", value: numberText(props.period) },
      { prop: "region", flag: "--region", value: props.region },
      { prop: "endpoint", flag: "--endpoint", value: props.endpoint },
      { prop: "outputFile", flag: "--output-file", value: outputFile, moduleRelative: true },
    ],
    switches: [...(props.noAuth ? ["--no-auth"] : []), "--yes", "--json"],
    trigger: props.trigger,
    input: {
      source_instance_id: props.sourceInstanceId,
      backup_id: props.backupId,
      output_file: outputFile,
    },
    password: props.noAuth ? undefined : props.password,
  };
}

function numberText(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}

function listText(values: string[] | undefined): string | undefined {
  if (values === undefined) return undefined;
  return Token.isUnresolved(values) ? Fn.join(",", values) : values.join(",");
}

/**
 * Tencent's name rule, less the Chinese characters it also takes: the step passes the name on a command line,
 * where only ASCII is safe.
 */
function stepInstanceNameProblem(name: string): string | undefined {
  if (instanceNameProblem(name) === undefined && /^[A-Za-z0-9_-]+$/.test(name)) return undefined;
  return 'must be 1 to 59 letters, digits, "-" or "_" (Chinese characters, which Tencent also takes, cannot travel on the step\'s command line)';
}
