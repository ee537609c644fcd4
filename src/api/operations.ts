/** Restore, clone and manual backup on API 3.0. Passwords are sent to Tencent and nowhere else. */
import { randomBytes } from "node:crypto";
import { ApiError, InvalidInputError, TaskError } from "../backups/errors";
import type { SelectionCriteria } from "../backups/model";
import { type ConnectionOptions, resolveConnection } from "./connection";
import { listInstanceBackups } from "./lookup";
import { type TaskOutcome, type WaitOptions, waitForTask } from "./tasks";
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
}

/** Starts CloneInstances; returns the new instance ids and the deal name. */
export async function cloneInstances(
  request: CloneRequest,
): Promise<{ instanceIds: string[]; dealName?: string; requestId?: string }> {
  const client = await clientFor(request.connection);
  const response = await client.cloneInstances(cloneParams(request));
  const ids = response["InstanceIds"];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) {
    throw new ApiError(
      `CloneInstances failed: MalformedResponse: no InstanceIds; ${MAY_HAVE_RUN}`,
      "MalformedResponse",
      requestIdOf(response),
    );
  }
  const dealName = typeof response["DealName"] === "string" ? response["DealName"] : undefined;
  return { instanceIds: ids as string[], dealName, requestId: requestIdOf(response) };
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

/** Make a manual backup and find it again. */
export interface ManualBackupRequest {
  readonly instanceId: string;
  /** Kept as given; ` [crs-backup:<nonce>]` is appended to find the backup afterwards. */
  readonly remark?: string;
  readonly storageDays?: number;
  readonly connection?: ConnectionOptions;
  /** How to wait for the backup task (the id exists only once it has finished). */
  readonly wait?: WaitOptions;
  /** For tests: the nonce to tag the remark with. */
  readonly nonce?: string;
}

/** The new backup and the task that made it. */
export interface ManualBackupOutcome {
  readonly backupId: string;
  readonly taskId: number;
  readonly remark: string;
  readonly task: TaskOutcome;
}

/**
 * ManualBackupInstance returns only a task id, so the remark carries a random nonce; once the task
 * succeeds we list the instance's recent backups and return the one whose remark holds the nonce.
 */
export async function createManualBackup(request: ManualBackupRequest): Promise<ManualBackupOutcome> {
  rejectLegacy(request.connection);
  const connection = await resolveConnection(request.connection);
  const client = createV3Client(connection);
  const nonce = request.nonce ?? randomBytes(6).toString("hex");
  const tag = `[crs-backup:${nonce}]`;
  const remark = request.remark ? `${request.remark} ${tag}` : tag;
  const startedMs = Date.now();
  const response = await client.manualBackupInstance({
    InstanceId: request.instanceId,
    Remark: remark,
    ...(request.storageDays !== undefined ? { StorageDays: request.storageDays } : {}),
  });
  const taskId = requireTaskId(response, "ManualBackupInstance");
  const task = await waitForTask(client, taskId, request.wait);
  const backupId = await findByTag(request, connection, tag, startedMs).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new TaskError(
      `task ${taskId} succeeded, but listing the backups to find the new one failed: ${message}; list the backups of ${request.instanceId} and look for the remark tag ${tag}`,
      taskId,
    );
  });
  if (!backupId) {
    throw new TaskError(
      `task ${taskId} succeeded but no backup of ${request.instanceId} carries the remark tag ${tag}; list the backups to find it`,
      taskId,
    );
  }
  return { backupId, taskId, remark, task };
}

/** Lists a window around the task (a day either side absorbs clock skew) and finds the tagged row. */
async function findByTag(
  request: ManualBackupRequest,
  connection: Awaited<ReturnType<typeof resolveConnection>>,
  tag: string,
  startedMs: number,
): Promise<string | undefined> {
  const day = 24 * 3600_000;
  const criteria: SelectionCriteria = {
    type: "any",
    window: { beginMs: startedMs - day, endMs: Date.now() + day },
    statuses: [1, 2, 3, 4],
    includeLocked: true,
  };
  const listing = await listInstanceBackups({
    instanceId: request.instanceId,
    criteria,
    connection: { ...request.connection, credentials: connection.credentials, api: "v3" },
  });
  return listing.records.find((record) => record.remark.includes(tag))?.backupId;
}

function rejectLegacy(options: ConnectionOptions | undefined): void {
  if (options?.api === "legacy") {
    throw new InvalidInputError("api", "api: restore, clone and backup need API 3.0; drop --api legacy");
  }
}

async function clientFor(options: ConnectionOptions | undefined): Promise<RedisV3Client> {
  rejectLegacy(options);
  return createV3Client(await resolveConnection(options));
}

function requireTaskId(response: RawResponse, action: string): number {
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
