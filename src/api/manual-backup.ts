/**
 * A manual backup, and the id of the backup it made. ManualBackupInstance answers only with a task id, so the
 * remark ends with a random tag (after the user's words, which stay as written: CONVENTIONS), and once the task
 * has succeeded the instance's recent backups are listed until the tagged one shows. Only when the whole tag never
 * comes back (a service that cuts remarks short) is a backup taken without it, and then only the single new manual
 * backup whose remark is what was sent cut short, with at least the tag's first characters of the nonce: a
 * colleague's backup with the same words never qualifies.
 */
import { randomBytes } from "node:crypto";
import { TaskError } from "../backups/errors";
import type { BackupRecord, SelectionCriteria } from "../backups/model";
import { type ConnectionOptions, resolveConnection } from "./connection";
import type { Credentials } from "./credentials";
import { listInstanceBackups } from "./lookup";
import { rejectLegacy, requireTaskId } from "./operations";
import { sleep } from "./retry";
import { type TaskOutcome, type WaitOptions, waitForTask } from "./tasks";
import { createV3Client } from "./v3-client";

/** Make a manual backup and find it again. */
export interface ManualBackupRequest {
  readonly instanceId: string;
  /** Kept as given, followed by a ` [crs-backup:<nonce>]` tag by which the backup is found afterwards. */
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

/** Pauses between listings while the tagged backup is not listed yet: the list may lag behind the task. */
const FIND_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000];
const TAG_HEAD = "[crs-backup:";
/** Nonce characters a cut remark must keep to be ours: 16 bits, against the other new backups of one instance. */
const NONCE_KEPT = 4;
const DAY_MS = 24 * 3_600_000;

/** Makes a manual backup, waits for its task, and returns the new backup's id (TaskError, exit 5, when unsure). */
export async function createManualBackup(request: ManualBackupRequest): Promise<ManualBackupOutcome> {
  rejectLegacy(request.connection);
  const connection = await resolveConnection(request.connection);
  const client = createV3Client(connection);
  const tag = `${TAG_HEAD}${request.nonce ?? randomBytes(6).toString("hex")}]`;
  const remark = request.remark ? `${request.remark} ${tag}` : tag;
  const startedMs = Date.now();
  const listRecent = () => recentBackups(request, connection.credentials, startedMs);
  const known = new Set((await listRecent()).map((record) => record.backupId));
  const response = await client.manualBackupInstance({
    InstanceId: request.instanceId,
    Remark: remark,
    ...(request.storageDays !== undefined ? { StorageDays: request.storageDays } : {}),
  });
  const taskId = requireTaskId(response, "ManualBackupInstance");
  const task = await waitForTask(client, taskId, request.wait);
  const search = { listRecent, known, tag, remark, sleep: request.wait?.sleep ?? sleep };
  const found = await findNewBackup(search).catch((error: unknown) => ({
    problem: `listing the backups to find the new one failed: ${error instanceof Error ? error.message : String(error)}`,
  }));
  if ("problem" in found) {
    throw new TaskError(
      `task ${taskId} succeeded, but ${found.problem}; list the backups of ${request.instanceId} and look for the remark tag ${tag}`,
      taskId,
    );
  }
  return { backupId: found.backupId, taskId, remark, task };
}

/** The instance's backups in a window around the task (a day either side absorbs clock skew). */
async function recentBackups(
  request: ManualBackupRequest,
  credentials: Credentials,
  startedMs: number,
): Promise<readonly BackupRecord[]> {
  const criteria: SelectionCriteria = {
    type: "any",
    window: { beginMs: startedMs - DAY_MS, endMs: Date.now() + DAY_MS },
    statuses: [1, 2, 3, 4],
    includeLocked: true,
  };
  const listing = await listInstanceBackups({
    instanceId: request.instanceId,
    criteria,
    connection: { ...request.connection, credentials, api: "v3" },
  });
  return listing.records;
}

interface BackupSearch {
  readonly listRecent: () => Promise<readonly BackupRecord[]>;
  /** Backup ids listed before the request. */
  readonly known: ReadonlySet<string>;
  readonly tag: string;
  /** The remark sent, the tag last. */
  readonly remark: string;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * The tagged backup, listing again while it does not show. Without the whole tag after the last listing (so that
 * a row still on its way is never mistaken for another), the one new manual backup whose remark is ours cut short;
 * anything else is a problem to report, never a guess.
 */
async function findNewBackup(search: BackupSearch): Promise<{ backupId: string } | { problem: string }> {
  let records: readonly BackupRecord[] = [];
  for (const delayMs of FIND_DELAYS_MS) {
    if (delayMs > 0) await search.sleep(delayMs);
    records = await search.listRecent();
    const tagged = records.find((record) => record.remark.includes(search.tag));
    if (tagged) return { backupId: tagged.backupId };
  }
  const fresh = records.filter((record) => !search.known.has(record.backupId) && record.type === "manual");
  const [only] = fresh;
  if (only && fresh.length === 1 && isCutFrom(only.remark, search.remark, search.tag)) {
    return { backupId: only.backupId };
  }
  if (fresh.length === 0) return { problem: "no new backup is listed with the remark tag" };
  const listed = fresh
    .map((record) => `${record.backupId} (remark "${record.remark.slice(0, 40)}")`)
    .join(", ");
  return {
    problem: `the remark tag did not come back whole, and the new manual backups listed (${listed}) cannot be told apart from another's`,
  };
}

/** Ours cut short: a beginning of what was sent (ending in `tag`) that still holds the tag's head and part of its nonce. */
function isCutFrom(listed: string, sent: string, tag: string): boolean {
  const tagStart = sent.length - tag.length;
  return listed.length >= tagStart + TAG_HEAD.length + NONCE_KEPT && sent.startsWith(listed);
}
