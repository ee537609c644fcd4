/**
 * A thin wrapper over the SDK's redis client (deep import, loaded on first use). The SDK neither
 * throttles nor retries; every call here goes through the throttle, the retry loop and error mapping.
 */
import type { ApiError } from "../backups/errors";
import { agentFor } from "./agent";
import type { ResolvedConnection } from "./connection";
import { toApiError } from "./errors";
import { withRetry } from "./retry";

/** Raw SDK response objects (the `Response` member, PascalCase). */
export type RawResponse = Record<string, unknown>;

/** The API 3.0 calls the library makes. Each returns the SDK's `Response` object. */
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

type SdkMethod = (request: unknown) => Promise<RawResponse>;
type SdkClient = Record<string, SdkMethod>;

async function createSdkClient(connection: ResolvedConnection): Promise<SdkClient> {
  const { Client } = await import(
    "tencentcloud-sdk-nodejs/tencentcloud/services/redis/v20180412/redis_client"
  );
  const { endpoint, credentials } = connection;
  const client = new Client({
    credential: { ...credentials },
    region: connection.region,
    profile: {
      httpProfile: {
        endpoint: endpoint.host,
        protocol: endpoint.protocol,
        reqTimeout: connection.requestTimeoutMs / 1000,
        agent: agentFor(endpoint.protocol),
      },
    },
  });
  return client as unknown as SdkClient;
}

/** Builds an API 3.0 client for a resolved connection. The SDK is imported on the first call. */
export function createV3Client(connection: ResolvedConnection): RedisV3Client {
  let sdk: Promise<SdkClient> | undefined;
  const call =
    (action: string, mutating = false) =>
    async (request: unknown) => {
      sdk ??= createSdkClient(connection);
      const client = await sdk;
      return withRetry(
        action,
        async (attempt) => {
          await connection.throttle.acquire();
          connection.onEvent?.({ kind: "request", action, attempt });
          try {
            return await client[action]!.call(client, request);
          } catch (error) {
            throw toApiError(error, action);
          }
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
