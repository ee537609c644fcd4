import type { DataResource } from "cdktf";
import { Construct } from "constructs";
import { type CliStepSpec, cliStepResource, validateCliStep, validateConnectionProps } from "./cli-step";

/** Props of {@link RedisBackupRestore}. Every prop may be a token; literal values are validated at synth. */
export interface RedisBackupRestoreProps {
  /** The Redis instance to restore (its data is overwritten), e.g. `crs-xxxxxxxx`. */
  readonly instanceId: string;
  /**
   * The backup to restore, usually a pinned lookup's id (`lookup.pin({ rotateOn }).backupId`), so a newer backup
   * never changes what a past restore recorded.
   */
  readonly backupId: string;
  /**
   * The restore request: the restore runs when the resource is created and again only when this value changes
   * (for example a pipeline variable holding a ticket or run id). A newer backup never re-runs it.
   */
  readonly trigger: string;
  /**
   * The instance password, as a sensitive value such as a `TerraformVariable` declared with `sensitive: true`
   * (`passwordVariable.stringValue`). It reaches the CLI through the provisioner's environment only. A literal
   * string is refused: it would be written into the synthesized stack.
   * @default none: the CLI reads `TENCENTCLOUD_REDIS_PASSWORD` from the environment of `terraform apply`
   */
  readonly password?: string;
  /**
   * The instance's region, e.g. `ap-guangzhou`.
   * @default the `TENCENTCLOUD_REGION` environment variable of `terraform apply`
   */
  readonly region?: string;
  /**
   * API endpoint URL, e.g. `http://127.0.0.1:8000` for the emulator.
   * @default the `TENCENTCLOUD_REDIS_ENDPOINT` environment variable, else the region's endpoint (under `TENCENTCLOUD_DOMAIN` when set)
   */
  readonly endpoint?: string;
  /**
   * How long to wait for the restore task before the apply fails: an integer and a unit `s`, `m`, `h` or `d`.
   * @default "30m"
   */
  readonly timeout?: string;
  /**
   * Time between task polls, same format as `timeout`.
   * @default "5s"
   */
  readonly pollInterval?: string;
}

const KIND = "RedisBackupRestore";

/**
 * Restores a Tencent Cloud Redis instance from one of its backups when Terraform applies.
 *
 * The provider has no restore resource, so this synthesizes a `terraform_data` whose local-exec provisioner runs
 * the bundled `crs-backup restore ... --wait --yes --json` (shipped with the stack as an asset; only `node` is
 * needed). It runs once when created and again only when `trigger` changes; the apply fails when the restore task
 * fails or outlives `timeout`. Credentials come from the environment of `terraform apply`.
 */
export class RedisBackupRestore extends Construct {
  /** The `terraform_data` running the restore. */
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: RedisBackupRestoreProps) {
    super(scope, id);
    const spec = restoreStep(props);
    validateConnectionProps(this, KIND, props);
    validateCliStep(this, spec, ["instanceId", "backupId"]);
    this.resource = cliStepResource(this, "restore", spec);
  }
}

/** The restore as a CLI step: what runs, what triggers it, what state records. */
function restoreStep(props: RedisBackupRestoreProps): CliStepSpec {
  return {
    kind: KIND,
    subcommand: "restore",
    args: [
      { prop: "instanceId", flag: "--instance-id", value: props.instanceId },
      { prop: "backupId", flag: "--backup-id", value: props.backupId },
      { prop: "region", flag: "--region", value: props.region },
      { prop: "endpoint", flag: "--endpoint", value: props.endpoint },
      { prop: "timeout", flag: "--timeout", value: props.timeout },
      { prop: "pollInterval", flag: "--poll-interval", value: props.pollInterval },
    ],
    switches: ["--wait", "--yes", "--json"],
    trigger: props.trigger,
    input: { instance_id: props.instanceId, backup_id: props.backupId },
    password: props.password,
  };
}
