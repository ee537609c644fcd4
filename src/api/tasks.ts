/** Task polling for restore, clone and manual backup: DescribeTaskInfo until succeed, failed or timeout. */
import { ApiError, TaskError } from "../backups/errors";
import { sleep as waitMs } from "./retry";
import type { RedisV3Client } from "./v3-client";

/** Task states as DescribeTaskInfo spells them. */
export type TaskStatus = "preparing" | "running" | "succeed" | "failed" | "error" | string;

/** How long and how often to poll; sleep/now are injectable for tests. */
export interface WaitOptions {
  /** Give up after this long. Default 30 minutes. */
  readonly timeoutMs?: number;
  /** Time between polls. Default 5 000 ms. */
  readonly pollIntervalMs?: number;
  /** Called after each poll with the elapsed time and the task's status. */
  readonly onProgress?: (elapsedMs: number, status: TaskStatus) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** The final state of a task that succeeded. */
export interface TaskOutcome {
  readonly taskId: number;
  readonly status: "succeed";
  readonly elapsedMs: number;
  readonly instanceId?: string;
  readonly taskType?: string;
}

/**
 * Polls the task; throws TaskError (exit 5) when it fails, errors or outlives the timeout, and when polling
 * itself fails after retries: the task was started, so its outcome is unknown, and the error must say so
 * (with the task id) rather than read as "nothing happened" (exit 4), which invites starting it again.
 */
export async function waitForTask(
  client: RedisV3Client,
  taskId: number,
  options: WaitOptions = {},
): Promise<TaskOutcome> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 5_000);
  const sleep = options.sleep ?? waitMs;
  const now = options.now ?? Date.now;
  const started = now();
  // Bounded by the timeout: every iteration sleeps until the next poll or the deadline, or returns/throws.
  for (;;) {
    const { info, status } = await poll(client, taskId);
    const elapsedMs = now() - started;
    options.onProgress?.(elapsedMs, status);
    if (status === "succeed") {
      return {
        taskId,
        status,
        elapsedMs,
        instanceId: typeof info["InstanceId"] === "string" ? info["InstanceId"] : undefined,
        taskType: typeof info["TaskType"] === "string" ? info["TaskType"] : undefined,
      };
    }
    if (status === "failed" || status === "error") {
      const detail =
        typeof info["TaskMessage"] === "string" && info["TaskMessage"] ? `: ${info["TaskMessage"]}` : "";
      throw new TaskError(`task ${taskId} ${status}${detail}`, taskId);
    }
    const remainingMs = timeoutMs - elapsedMs;
    if (remainingMs <= 0) {
      throw new TaskError(
        `task ${taskId} still ${status} after ${Math.round(elapsedMs / 1000)} s; it may still finish (check it in the console) or raise the timeout`,
        taskId,
      );
    }
    // The last poll falls on the deadline, so a task that ends just before it is not reported as running.
    await sleep(Math.min(pollIntervalMs, remainingMs));
  }
}

async function poll(client: RedisV3Client, taskId: number) {
  try {
    const info = await client.describeTaskInfo({ TaskId: taskId });
    return { info, status: readStatus(info, taskId) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TaskError(
      `task ${taskId} was started, but following it failed: ${message}; it may still be running: check it in the console before starting another`,
      taskId,
    );
  }
}

function readStatus(info: Record<string, unknown>, taskId: number): TaskStatus {
  const status = info["Status"];
  if (typeof status !== "string" || !status) {
    throw new ApiError(
      `DescribeTaskInfo failed: MalformedResponse: no Status for task ${taskId}`,
      "MalformedResponse",
      typeof info["RequestId"] === "string" ? info["RequestId"] : undefined,
      false,
    );
  }
  return status;
}
