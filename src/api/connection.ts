/** Connection options shared by every API call, and their resolution into something a client can use. */

import { InvalidInputError } from "../backups/errors";
import { type CredentialOptions, type Credentials, resolveCredentials } from "./credentials";
import { type ResolvedEndpoint, resolveEndpoint, resolveRegion } from "./endpoint";
import type { ApiEventListener } from "./events";
import type { RetryOptions } from "./retry";
import { createSharedThrottle } from "./shared-throttle";
import type { Throttle } from "./throttle";

/** How to reach Tencent Cloud (see docs/ARCHITECTURE.md). */
export interface ConnectionOptions {
  readonly region?: string;
  /** An http(s) URL without path, e.g. `http://127.0.0.1:8000`. */
  readonly endpoint?: string;
  readonly api?: "v3" | "legacy";
  /** Environment to read credentials, region and endpoint from. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Explicit credentials; skip the credential chain. */
  readonly credentials?: Credentials;
  /** Options for the credential chain (profile dir, metadata endpoint). */
  readonly credentialOptions?: Omit<CredentialOptions, "env">;
  /** Per-request timeout. Default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  /** Total retry budget. Default 60 000 ms. */
  readonly retryBudgetMs?: number;
  /**
   * Client-side rate limit in requests per second, shared by every process of this user that calls the same
   * endpoint with the same SecretId; 0 disables it. Default: `TENCENTCLOUD_REDIS_MAX_RPS`, else 20 (Tencent's
   * documented limit per API).
   */
  readonly maxRequestsPerSecond?: number;
  /** Secret-free events for verbose logs. */
  readonly onEvent?: ApiEventListener;
  /** Backoff tuning (tests inject sleep/random). */
  readonly retry?: Omit<RetryOptions, "budgetMs" | "onEvent">;
}

/** A connection with every default applied and credentials loaded. */
export interface ResolvedConnection {
  readonly region: string;
  readonly endpoint: ResolvedEndpoint;
  readonly api: "v3" | "legacy";
  readonly credentials: Credentials;
  readonly requestTimeoutMs: number;
  readonly retry: RetryOptions;
  readonly throttle: Throttle;
  readonly onEvent?: ApiEventListener;
}

/** Applies defaults; validates region and endpoint before loading credentials (cheap errors first). */
export async function resolveConnection(options: ConnectionOptions = {}): Promise<ResolvedConnection> {
  const env = options.env ?? process.env;
  const api = options.api ?? "v3";
  const region = resolveRegion(options.region, env);
  const endpoint = resolveEndpoint(options.endpoint, region, api, env);
  const credentials =
    options.credentials ?? (await resolveCredentials({ ...options.credentialOptions, env }));
  return {
    region,
    endpoint,
    api,
    credentials,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    retry: { ...options.retry, budgetMs: options.retryBudgetMs ?? 60_000, onEvent: options.onEvent },
    throttle: createSharedThrottle(
      options.maxRequestsPerSecond ?? rateFromEnv(env),
      `${endpoint.url} ${credentials.secretId}`,
    ),
    onEvent: options.onEvent,
  };
}

/** `TENCENTCLOUD_REDIS_MAX_RPS` (a non-negative number; 0 turns the limit off), else 20. */
function rateFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env["TENCENTCLOUD_REDIS_MAX_RPS"]?.trim();
  if (!text) return DEFAULT_MAX_RPS;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 0) {
    throw new InvalidInputError(
      "TENCENTCLOUD_REDIS_MAX_RPS",
      `TENCENTCLOUD_REDIS_MAX_RPS: "${text}" is not a rate; use a number of requests per second (0 = no limit)`,
    );
  }
  return rate;
}

/** Tencent documents 20 requests/s per API. */
const DEFAULT_MAX_RPS = 20;
