/**
 * The API 3.0 client: TC3-signed JSON over http-transport.ts (see tc3.ts for why not the SDK's transport).
 * Every call goes through the throttle, the retry loop and error mapping.
 */
import type { ApiError } from "../backups/errors";
import type { ResolvedConnection } from "./connection";
import { withRetry } from "./retry";
import { type RawResponse, signedCall } from "./signed-call";

export type { RawResponse } from "./signed-call";

/** The API version of the redis actions we call. */
const REDIS_API_VERSION = "2018-04-12";

/** The API 3.0 calls the library makes. Each returns the envelope's `Response` object. */
export interface RedisV3Client {
  describeInstanceBackups(request: {
    InstanceId: string;
    Limit: number;
    Offset: number;
    BeginTime?: string;
    EndTime?: string;
    Status?: number[];
  }): Promise<RawResponse>;
  restoreInstance(request: { InstanceId: string; BackupId: string; Password?: string }): Promise<RawResponse>;
  cloneInstances(request: Record<string, unknown>): Promise<RawResponse>;
  manualBackupInstance(request: {
    InstanceId: string;
    Remark?: string;
    StorageDays?: number;
  }): Promise<RawResponse>;
  describeTaskInfo(request: { TaskId: number }): Promise<RawResponse>;
  describeInstances(request: Record<string, unknown>): Promise<RawResponse>;
}

/** Builds an API 3.0 client for a resolved connection. */
export function createV3Client(connection: ResolvedConnection): RedisV3Client {
  const call =
    (action: string, mutating = false) =>
    async (request: unknown) => {
      return withRetry(
        action,
        async (attempt) => {
          await connection.throttle.acquire();
          connection.onEvent?.({ kind: "request", action, attempt });
          return signedCall(connection, { service: "redis", version: REDIS_API_VERSION, action, request });
        },
        mutating ? { ...connection.retry, shouldRetry: cannotHaveRun } : connection.retry,
      );
    };
  return {
    describeInstanceBackups: call("DescribeInstanceBackups"),
    restoreInstance: call("RestoreInstance", true),
    cloneInstances: call("CloneInstances", true),
    manualBackupInstance: call("ManualBackupInstance", true),
    describeTaskInfo: call("DescribeTaskInfo"),
    describeInstances: call("DescribeInstances"),
  };
}

/**
 * A mutating call (restore, clone, backup) is retried only when Tencent says it refused the request
 * (throttled): after a timeout or 5xx it may have run, and running a restore twice is worse than failing.
 */
function cannotHaveRun(error: ApiError): boolean {
  return error.code?.startsWith("RequestLimitExceeded") ?? false;
}
