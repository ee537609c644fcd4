import { DataExternal } from "@cdktf/provider-external/lib/data-external";
import { Fn, type IResolvable, Token } from "cdktf";
import { Construct } from "constructs";
import { checkRegion, parseEndpoint } from "../api/endpoint";
import { parseInstanceId } from "../backups/criteria";
import type { BackupCriteriaProps } from "./backup-criteria";
import { bundledProgramAssetPath } from "./bundled-program";
import { ApiVersion, OnNone } from "./enums";
import { ensureExternalProvider } from "./external-provider";
import { PinnedBackup, type PinOptions } from "./pinned-backup";
import { failAt, literal, requireOneOf, validateCriteriaProps, withConstructPath } from "./validate";

/** Props of {@link RedisBackupLookup}. Every prop may be a token; literal values are validated at synth. */
export interface RedisBackupLookupProps extends BackupCriteriaProps {
  /**
   * What happens when no usable backup matches.
   * @default OnNone.FAIL: the plan fails with the diagnostics
   */
  readonly onNone?: OnNone | `${OnNone}`;
}

const KIND = "RedisBackupLookup";
/** The construct id of a lookup's pin. */
const PIN_ID = "pinned";

/**
 * The latest usable backup of a Tencent Cloud Redis instance, resolved when Terraform plans.
 *
 * Synthesizes a `data "external"` whose program is a self-contained resolver shipped with the stack as an asset
 * (`node` is the only requirement at plan time). Credentials come from the environment of `terraform plan`, the way
 * the tencentcloud provider reads them; they never enter the query or the result, which Terraform stores in state.
 *
 * A data source is re-read at every plan: wire restores and clones to {@link RedisBackupLookup.pin} rather than to
 * `backupId` directly, so next night's backup does not trigger them again.
 */
export class RedisBackupLookup extends Construct {
  /** The `data "external"` running the resolver. */
  readonly dataSource: DataExternal;
  /** The picked backup's id; `""` when nothing matched and `onNone` is `empty`. */
  readonly backupId: string;
  /** Start time as the API sends it: `YYYY-MM-DD HH:MM:SS`, Beijing time. */
  readonly startTime: string;
  /** Start time as RFC 3339 with the `+08:00` offset. */
  readonly startTimeRfc3339: string;
  /** `manual`, `system` or `specChange`. */
  readonly backupType: string;
  /** The backup's status code, as a string (e.g. `"2"`). */
  readonly status: string;
  /** `"true"` or `"false"` (`"false"` also when nothing was picked). */
  readonly locked: string;
  /** `"true"` when a backup was picked, `"false"` when nothing matched (`onNone: empty`). */
  readonly found: string;
  /** How many backups met every criterion, as a string. */
  readonly matchedCount: string;
  private readonly props: RedisBackupLookupProps;

  constructor(scope: Construct, id: string, props: RedisBackupLookupProps) {
    super(scope, id);
    validateProps(this, props);
    this.props = props;
    ensureExternalProvider(this);
    this.dataSource = new DataExternal(this, "resolver", {
      program: ["node", bundledProgramAssetPath(this, "resolver")],
      query: queryOf(props),
    });
    const attribute = (key: string) => this.dataSource.result.lookup(key);
    this.backupId = attribute("backup_id");
    this.startTime = attribute("start_time");
    this.startTimeRfc3339 = attribute("start_time_rfc3339");
    this.backupType = attribute("backup_type");
    this.status = attribute("status");
    this.locked = attribute("locked");
    this.found = attribute("found");
    this.matchedCount = attribute("matched_count");
  }

  /**
   * The whole result map, every value a string: the attributes above plus `end_time`, `remark` and `total_count`.
   * A token, not a JavaScript object (indexing it gives nothing): read one entry with {@link resultValue}, or
   * pass the whole map on (e.g. as a `TerraformOutput` value).
   */
  get result(): IResolvable {
    return Token.asAny(this.dataSource.result) as IResolvable;
  }

  /** One entry of the result map, e.g. `resultValue("remark")` or `resultValue("total_count")`. */
  resultValue(key: string): string {
    return this.dataSource.result.lookup(key);
  }

  /**
   * Keeps the first resolved backup id until `rotateOn` changes, so a newer backup never re-runs what is wired
   * to it. See docs/PINNING.md for the three policies. One pin per lookup.
   *
   * Unless `onNone` or `backupId` was set, pinning also makes the lookup answer empty instead of failing the plan
   * when nothing matches: one missed nightly backup must not block every plan while the pin holds a good id. A
   * pin made or rotated while nothing matched holds an empty id, which the restore and clone steps refuse (at
   * apply in the run that rotates the pin, at plan after it); the next rotation, once a backup exists, moves it
   * (docs/PINNING.md).
   */
  pin(options: PinOptions = {}): PinnedBackup {
    if (this.node.tryFindChild(PIN_ID)) {
      failAt(
        this,
        KIND,
        "pin() was already called; a lookup has one pin: reuse the PinnedBackup it returned",
      );
    }
    // A lookup of one given backupId keeps failing loudly: an empty answer would hide why that id is not usable.
    if (this.props.onNone === undefined && this.props.backupId === undefined) {
      this.dataSource.query = queryOf({ ...this.props, onNone: OnNone.EMPTY });
    }
    return new PinnedBackup(this, PIN_ID, { ...options, lookup: this });
  }
}

function validateProps(scope: Construct, props: RedisBackupLookupProps): void {
  const instanceId = literal(props.instanceId);
  withConstructPath(scope, KIND, () =>
    parseInstanceId(Token.isUnresolved(props.instanceId) ? "crs-token" : instanceId, "instanceId"),
  );
  requireOneOf(scope, KIND, "onNone", props.onNone, Object.values(OnNone));
  requireOneOf(scope, KIND, "api", props.api, Object.values(ApiVersion));
  const region = literal(props.region);
  if (region !== undefined) withConstructPath(scope, KIND, () => checkRegion(region));
  const endpoint = literal(props.endpoint);
  if (endpoint !== undefined) withConstructPath(scope, KIND, () => parseEndpoint(endpoint));
  const statuses = literal(props.statuses);
  if (statuses?.length === 0) {
    failAt(scope, KIND, "statuses: empty; pass status codes such as [2, 4], or leave it out for the default");
  }
  validateCriteriaProps(scope, KIND, {
    type: literal(props.backupType),
    beginTime: literal(props.beginTime),
    endTime: literal(props.endTime),
    maxAge: literal(props.maxAge),
    statuses: statuses && !statuses.some((s) => Token.isUnresolved(s)) ? statuses.join(",") : undefined,
    includeLocked: literal(props.includeLocked),
    backupId: literal(props.backupId),
  });
}

/** The data source's query: the given props only, every value a string (Terraform's external protocol). */
function queryOf(props: RedisBackupLookupProps): { [key: string]: string } {
  const entries: [string, string | undefined][] = [
    ["instance_id", props.instanceId],
    ["region", props.region],
    ["backup_type", props.backupType],
    ["begin_time", props.beginTime],
    ["end_time", props.endTime],
    ["max_age", props.maxAge],
    ["statuses", props.statuses === undefined ? undefined : statusesText(props.statuses)],
    ["include_locked", props.includeLocked === undefined ? undefined : booleanText(props.includeLocked)],
    ["backup_id", props.backupId],
    ["on_none", props.onNone],
    ["endpoint", props.endpoint],
    ["api", props.api],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function statusesText(statuses: number[]): string {
  return Token.isUnresolved(statuses) ? Fn.join(",", Token.asList(statuses)) : statuses.join(",");
}

function booleanText(value: boolean): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}
