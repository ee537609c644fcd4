/** Connection options shared by every API call, and their resolution into something a client can use. */
import { type CredentialOptions, type Credentials, resolveCredentials } from "./credentials";
import { isLoopback, type ResolvedEndpoint, resolveEndpoint, resolveRegion } from "./endpoint";
import type { ApiEventListener } from "./events";
import type { RetryOptions } from "./retry";
import { createThrottle, type Throttle } from "./throttle";

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
   * Client-side rate limit; 0 disables it. Default 20 (Tencent's documented limit), and unlimited for a
   * loopback endpoint (the emulator enforces its own optional limit and answers RequestLimitExceeded).
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
    throttle: createThrottle(options.maxRequestsPerSecond ?? defaultRate(endpoint)),
    onEvent: options.onEvent,
  };
}

/** Tencent documents 20 requests/s per API; a local emulator needs no client-side limit. */
function defaultRate(endpoint: ResolvedEndpoint): number {
  return isLoopback(endpoint.hostname) ? 0 : 20;
}
