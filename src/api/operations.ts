/**
 * Restore and clone on API 3.0 (manual backups: manual-backup.ts). Passwords are sent to Tencent and nowhere else.
 */
import { ApiError, InvalidInputError, TaskError } from "../backups/errors";
import { type ConnectionOptions, resolveConnection } from "./connection";
import { createV3Client, MAY_HAVE_RUN, type RawResponse, type RedisV3Client } from "./v3-client";

/** Restore a backup onto its own instance. */
export interface RestoreRequest {
  readonly instanceId: string;
  readonly backupId: string;
  /** The instance password (omit for password-free instances). Never logged. */
  readonly password?: string;
  readonly connection?: ConnectionOptions;
}

/** Starts RestoreInstance; returns its task id (wait with `waitForTask`). */
export async function restoreInstance(
  request: RestoreRequest,
): Promise<{ taskId: number; requestId?: string }> {
  const client = await clientFor(request.connection);
  const response = await client.restoreInstance({
    InstanceId: request.instanceId,
    BackupId: request.backupId,
    ...(request.password ? { Password: request.password } : {}),
  });
  return { taskId: requireTaskId(response, "RestoreInstance"), requestId: requestIdOf(response) };
}

/** CloneInstances parameters in camelCase; see TENCENT-FACTS.md for their meaning. */
export interface CloneRequest {
  /** The source instance. */
  readonly instanceId: string;
  readonly backupId: string;
  readonly zoneId: number;
  readonly securityGroupIdList: readonly string[];
  /** Instances to create. Default 1. */
  readonly goodsNum?: number;
  /** 0 postpaid (default), 1 prepaid. */
  readonly billingMode?: 0 | 1;
  /** Months, for prepaid. Default 1. */
  readonly period?: number;
  readonly vpcId?: string;
  readonly subnetId?: string;
  readonly instanceName?: string;
  readonly password?: string;
  readonly noAuth?: boolean;
  readonly connection?: ConnectionOptions;
  /**
   * Called once everything up to the request is ready (credentials resolved, client built), just before
   * CloneInstances is sent: the moment from which a clone may exist (see `crs-backup clone --output-file`).
   */
  readonly beforeSend?: () => void;
}

/** What CloneInstances answered. */
export interface CloneOutcome {
  readonly instanceIds: string[];
  /** Tencent's order number. */
  readonly dealName?: string;
  readonly requestId?: string;
}

/**
 * CloneInstances answered without an error but did not name every new instance (every response field is
 * optional): the order may stand and its instances be in the making, and billed. Exit 5, like a task whose end
 * is unknown; carries what Tencent did return (ids of the kind Tencent uses only), so the order can be found.
 */
export class CloneUnsettledError extends TaskError {
  constructor(
    message: string,
    readonly outcome: CloneOutcome,
  ) {
    super(message);
    this.name = "CloneUnsettledError";
  }
}

/** An identifier as Tencent writes them (`crs-...`, order numbers, RequestIds); anything else is not kept. */
export function plainId(value: unknown): string | undefined {
  return typeof value === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : undefined;
}

/** `order <DealName>`, or `the order` when none came back. */
export function orderName(dealName: string | undefined): string {
  return dealName ? `order ${dealName}` : "the order";
}

/**
 * Starts CloneInstances (calling `beforeSend` just before the request); returns the new instance ids and the deal
 * name. An answer without one id per instance asked for is a CloneUnsettledError (exit 5).
 */
export async function cloneInstances(request: CloneRequest): Promise<CloneOutcome> {
  const client = await clientFor(request.connection);
  request.beforeSend?.();
  const response = await client.cloneInstances(cloneParams(request));
  const listed: unknown[] = Array.isArray(response["InstanceIds"]) ? response["InstanceIds"] : [];
  const instanceIds = listed.flatMap((id) => plainId(id) ?? []);
  const dealName = plainId(response["DealName"]);
  const requestId = plainId(requestIdOf(response));
  const outcome = { instanceIds, ...(dealName ? { dealName } : {}), ...(requestId ? { requestId } : {}) };
  const expected = request.goodsNum ?? 1;
  if (listed.length !== expected || instanceIds.length !== listed.length) {
    const named =
      listed.length === 0 ? "named no new instance" : `named ${listed.length} instances for ${expected}`;
    throw new CloneUnsettledError(
      `CloneInstances accepted ${orderName(dealName)}${requestId ? ` (RequestId ${requestId})` : ""} but ${named}: ` +
        "instances may be being created, and billed; find them in the console before cloning again",
      outcome,
    );
  }
  return outcome;
}

function cloneParams(request: CloneRequest): Record<string, unknown> {
  const params: Record<string, unknown> = {
    InstanceId: request.instanceId,
    BackupId: request.backupId,
    GoodsNum: request.goodsNum ?? 1,
    ZoneId: request.zoneId,
    BillingMode: request.billingMode ?? 0,
    Period: request.period ?? 1,
    SecurityGroupIdList: [...request.securityGroupIdList],
  };
  if (request.vpcId) params["VpcId"] = request.vpcId;
  if (request.subnetId) params["SubnetId"] = request.subnetId;
  if (request.instanceName) params["InstanceName"] = request.instanceName;
  if (request.password) params["Password"] = request.password;
  if (request.noAuth !== undefined) params["NoAuth"] = request.noAuth;
  return params;
}

/** Operations need API 3.0: the legacy API has no restore, clone or backup. */
export function rejectLegacy(options: ConnectionOptions | undefined): void {
  if (options?.api === "legacy") {
    throw new InvalidInputError("api", "api: restore, clone and backup need API 3.0; drop --api legacy");
  }
}

async function clientFor(options: ConnectionOptions | undefined): Promise<RedisV3Client> {
  rejectLegacy(options);
  return createV3Client(await resolveConnection(options));
}

/** The TaskId of a mutating call's answer; a missing one is malformed, and the call may still have run. */
export function requireTaskId(response: RawResponse, action: string): number {
  const taskId = response["TaskId"];
  if (typeof taskId !== "number" || !Number.isFinite(taskId)) {
    throw new ApiError(
      `${action} failed: MalformedResponse: no TaskId; ${MAY_HAVE_RUN}`,
      "MalformedResponse",
      requestIdOf(response),
    );
  }
  return taskId;
}

function requestIdOf(response: RawResponse): string | undefined {
  return typeof response["RequestId"] === "string" ? response["RequestId"] : undefined;
}
