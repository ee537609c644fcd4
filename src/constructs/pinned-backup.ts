import { DataResource, Op, ref, Token } from "cdktf";
import { Construct } from "constructs";
import type { RedisBackupLookup } from "./redis-backup-lookup";

/** Options of {@link RedisBackupLookup.pin}. */
export interface PinOptions {
  /**
   * When this value changes, the pin takes the lookup's current answer (for example a pipeline variable such as
   * a restore request id or a date).
   * @default never: the first resolved backup is kept until the pin is replaced by hand (`terraform apply -replace`)
   */
  readonly rotateOn?: string;
  /**
   * Fail the plan when the latest backup differs from the pinned one, instead of silently keeping the pin.
   * @default false: keep the pinned backup quietly
   */
  readonly failWhenChanged?: boolean;
}

/** Props of {@link PinnedBackup}. */
export interface PinnedBackupProps extends PinOptions {
  /** The lookup whose answer is pinned. */
  readonly lookup: RedisBackupLookup;
}

/**
 * A backup id kept in a `terraform_data` (lifecycle `ignore_changes` on its input): the first resolved id stays
 * until `rotateOn` changes. Consumers wired to {@link PinnedBackup.backupId} never restore again or replace a
 * clone just because a newer backup appeared.
 */
export class PinnedBackup extends Construct {
  /** The `terraform_data` holding the pin. */
  readonly resource: DataResource;
  /**
   * The pinned backup id; `""` when the pin was made or rotated while the lookup found nothing (the restore and
   * clone steps refuse it; check it yourself where you wire it elsewhere). The next rotation moves it.
   */
  readonly backupId: string;
  /** The pinned backup's start time (API format, Beijing time). */
  readonly startTime: string;

  constructor(scope: Construct, id: string, props: PinnedBackupProps) {
    super(scope, id);
    const { lookup } = props;
    // No check that the pin is not empty here: Terraform cannot tell a plan that makes the pin from one that
    // keeps it, and a postcondition on a new pin runs only after its empty value is in state. The steps that
    // consume a pin refuse an empty id at plan time (cli-step.ts); see docs/PINNING.md.
    const unchanged = {
      condition: Op.eq(ref("self.output.backup_id"), lookup.backupId),
      errorMessage: `the latest usable backup of ${lookup.node.path} ("${lookup.backupId}", empty when none matched) is no longer the pinned one; rotate the pin (change rotateOn) to move to it`,
    };
    this.resource = new DataResource(this, "pin", {
      input: { backup_id: lookup.backupId, start_time: lookup.startTime },
      ...(props.rotateOn === undefined ? {} : { triggersReplace: { rotate_on: props.rotateOn } }),
      lifecycle: {
        ignoreChanges: ["input"],
        ...(props.failWhenChanged ? { postcondition: [unchanged] } : {}),
      },
    });
    this.backupId = Token.asString(this.resource.output.lookup("backup_id"));
    this.startTime = Token.asString(this.resource.output.lookup("start_time"));
  }
}
