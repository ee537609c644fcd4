/**
 * The API 3.0 client: TC3-signed JSON over http-transport.ts (see tc3.ts for why not the SDK's transport).
 * Every call goes through the throttle, the retry loop and error mapping.
 */
import { ApiError } from "../backups/errors";
import type { ResolvedConnection } from "./connection";
import { withRetry } from "./retry";
import { type RawResponse, signedCall } from "./signed-call";

export type { RawResponse } from "./signed-call";

/** The API version of the redis actions we call. */
const REDIS_API_VERSION = "2018-04-12";

/** The API 3.0 calls the library makes. Each returns the envelope's `Response` object. */
export interface RedisV3Client {
  /**
   * One page of backups. `accept` checks and converts the response inside the retry loop, so a body that fails
   * its checks (a retryable `MalformedResponse`) is fetched again under the same budget as any other fault.
   */
  describeInstanceBackups<T = RawResponse>(
    request: {
      InstanceId: string;
      Limit: number;
      Offset: number;
      BeginTime?: string;
      EndTime?: string;
      Status?: number[];
    },
    accept?: (response: RawResponse) => T,
  ): Promise<T>;
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
  /** Every attempt of every call: the shared throttle, the event, the signed exchange, then `accept`. */
  const retried = <T>(
    action: string,
    request: unknown,
    accept: (response: RawResponse) => T,
    mutating = false,
  ): Promise<T> => {
    const result = withRetry(
      action,
      async (attempt) => {
        await connection.throttle.acquire();
        connection.onEvent?.({ kind: "request", action, attempt });
        const call = { service: "redis", version: REDIS_API_VERSION, action, request };
        return accept(await signedCall(connection, call));
      },
      mutating ? { ...connection.retry, shouldRetry: cannotHaveRun } : connection.retry,
    );
    return mutating ? result.catch(mayHaveRun) : result;
  };
  const asIs = (response: RawResponse) => response;
  const call =
    (action: string, mutating = false) =>
    (request: unknown) =>
      retried(action, request, asIs, mutating);
  return {
    describeInstanceBackups: <T = RawResponse>(request: unknown, accept?: (response: RawResponse) => T) =>
      retried("DescribeInstanceBackups", request, accept ?? (asIs as (response: RawResponse) => T)),
    restoreInstance: call("RestoreInstance", true),
    cloneInstances: call("CloneInstances", true),
    manualBackupInstance: call("ManualBackupInstance", true),
    describeTaskInfo: call("DescribeTaskInfo"),
    describeInstances: call("DescribeInstances"),
  };
}

/** Appended to the failure of a mutating call whose outcome is unknown. */
export const MAY_HAVE_RUN =
  "the request may still have reached Tencent: check the instance's tasks before trying again";

/**
 * A mutating call that got no Tencent answer (network failure, timeout, HTTP error) or an answer we cannot read
 * (MalformedResponse) may still have run: the message says so, so that nobody reads "failed" as "nothing
 * happened" and starts it a second time.
 */
function mayHaveRun(error: unknown): never {
  if (error instanceof ApiError && (error.code === undefined || error.code === "MalformedResponse")) {
    throw new ApiError(`${error.message}; ${MAY_HAVE_RUN}`, error.code, error.requestId, error.retryable);
  }
  throw error;
}

/**
 * A mutating call (restore, clone, backup) is retried only when Tencent says it refused the request
 * (throttled): after a timeout or 5xx it may have run, and running a restore twice is worse than failing.
 */
function cannotHaveRun(error: ApiError): boolean {
  return error.code?.startsWith("RequestLimitExceeded") ?? false;
}
