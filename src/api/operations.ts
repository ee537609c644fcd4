/** Restore, clone and manual backup on API 3.0. Passwords are sent to Tencent and nowhere else. */
import { randomBytes } from "node:crypto";
import { ApiError, InvalidInputError, TaskError } from "../backups/errors";
import type { BackupRecord, SelectionCriteria } from "../backups/model";
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

/**
 * CloneInstances answered without an error but named no new instance (every response field is optional): the
 * order may stand and its instances be in the making, and billed. Exit 5, like a task whose end is unknown;
 * carries what Tencent did return, so that the order can be found.
 */
export class CloneUnsettledError extends TaskError {
  constructor(
    message: string,
    /** Tencent's order number (`DealName`), when it came back. */
    readonly dealName?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "CloneUnsettledError";
  }
}

/** Starts CloneInstances; returns the new instance ids and the deal name. */
export async function cloneInstances(
  request: CloneRequest,
): Promise<{ instanceIds: string[]; dealName?: string; requestId?: string }> {
  const client = await clientFor(request.connection);
  const response = await client.cloneInstances(cloneParams(request));
  const ids = response["InstanceIds"];
  const dealName = typeof response["DealName"] === "string" ? response["DealName"] : undefined;
  const requestId = requestIdOf(response);
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string" && id !== "")) {
    const order = dealName ? `order ${dealName}` : "the order";
    const answer = requestId ? ` (RequestId ${requestId})` : "";
    throw new CloneUnsettledError(
      `CloneInstances accepted ${order}${answer} but named no new instance: it may be being created, and billed; find it in the console before cloning again`,
      dealName,
      requestId,
    );
  }
  return { instanceIds: ids as string[], dealName, requestId };
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
  /** How to wait for the backup task (the id exists only once it has finished); its `sleep` also paces the search. */
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

/** Pauses between listings while the new backup is not listed yet: the list may lag behind the task. */
const FIND_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000];

/**
 * ManualBackupInstance returns only a task id, so the remark carries a random nonce; once the task succeeds we
 * list the instance's recent backups and return the one whose remark holds the nonce. Nothing promises the remark
 * comes back whole, so the backups listed before the request are remembered too: failing the tag, the one new
 * manual backup whose remark is what we sent, cut short or left out, is ours. Two such backups are never guessed
 * between.
 */
export async function createManualBackup(request: ManualBackupRequest): Promise<ManualBackupOutcome> {
  rejectLegacy(request.connection);
  const connection = await resolveConnection(request.connection);
  const client = createV3Client(connection);
  const nonce = request.nonce ?? randomBytes(6).toString("hex");
  const tag = `[crs-backup:${nonce}]`;
  const remark = request.remark ? `${request.remark} ${tag}` : tag;
  const startedMs = Date.now();
  const listRecent = () => recentBackups(request, connection, startedMs);
  const known = new Set((await listRecent()).map((record) => record.backupId));
  const response = await client.manualBackupInstance({
    InstanceId: request.instanceId,
    Remark: remark,
    ...(request.storageDays !== undefined ? { StorageDays: request.storageDays } : {}),
  });
  const taskId = requireTaskId(response, "ManualBackupInstance");
  const task = await waitForTask(client, taskId, request.wait);
  const search = { listRecent, known, tag, remark, sleep: request.wait?.sleep ?? sleepFor };
  const backupId = await findNewBackup(search).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new TaskError(
      `task ${taskId} succeeded, but finding the new backup failed: ${message}; list the backups of ${request.instanceId} and look for the remark tag ${tag}`,
      taskId,
    );
  });
  if (!backupId) {
    throw new TaskError(
      `task ${taskId} succeeded but no new backup of ${request.instanceId} is listed with the remark tag ${tag}; list the backups to find it`,
      taskId,
    );
  }
  return { backupId, taskId, remark, task };
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The instance's backups in a window around the task (a day either side absorbs clock skew). */
async function recentBackups(
  request: ManualBackupRequest,
  connection: Awaited<ReturnType<typeof resolveConnection>>,
  startedMs: number,
): Promise<readonly BackupRecord[]> {
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
  return listing.records;
}

interface BackupSearch {
  readonly listRecent: () => Promise<readonly BackupRecord[]>;
  /** Backup ids listed before the request. */
  readonly known: ReadonlySet<string>;
  readonly tag: string;
  /** The remark sent, tag included. */
  readonly remark: string;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The new backup's id, once listed; undefined when it never shows. */
async function findNewBackup(search: BackupSearch): Promise<string | undefined> {
  for (const delayMs of FIND_DELAYS_MS) {
    if (delayMs > 0) await search.sleep(delayMs);
    const records = await search.listRecent();
    const tagged = records.find((record) => record.remark.includes(search.tag));
    if (tagged) return tagged.backupId;
    const fresh = records.filter(
      (record) =>
        !search.known.has(record.backupId) &&
        record.type === "manual" &&
        search.remark.startsWith(record.remark),
    );
    if (fresh.length > 1) {
      const ids = fresh.map((record) => record.backupId).join(", ");
      throw new Error(`${fresh.length} new manual backups, none with the tag, could be it (${ids})`);
    }
    if (fresh.length === 1) return fresh[0]?.backupId;
  }
  return undefined;
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
