/**
 * The deprecated API 2.0 `GetRedisBackupList`, signed by hand (HmacSHA256) over http-transport.ts.
 * No SDK: the SDK no longer speaks this dialect.
 */
import { ApiError } from "../backups/errors";
import type { ResolvedConnection } from "./connection";
import { LEGACY_PATH } from "./endpoint";
import { redactSecrets, toApiError } from "./errors";
import { hmacSha256 } from "./hashing";
import { sendHttp } from "./http-transport";
import { withRetry } from "./retry";

/** One page request: record offsets, not page numbers. */
export interface LegacyListRequest {
  readonly redisId: string;
  readonly limit: number;
  readonly offset: number;
  readonly beginTime?: string;
  readonly endTime?: string;
}

/** Builds the string the 2.0 signature signs: `GET` + host + path + `?` + sorted `k=v` pairs. */
export function legacyStringToSign(
  method: string,
  host: string,
  path: string,
  params: Record<string, string>,
): string {
  const query = Object.keys(params)
    .sort()
    .map((name) => `${name.replace(/_/g, ".")}=${params[name]}`)
    .join("&");
  return `${method}${host}${path}?${query}`;
}

/** A random positive 31-bit nonce; node:crypto loads only here (see hashing.ts for why not at start-up). */
function randomNonce(): number {
  const { randomInt } = require("node:crypto") as typeof import("node:crypto");
  return randomInt(1, 2_147_483_647);
}

/** base64(HMAC-SHA256(secretKey, stringToSign)). */
function legacySignature(secretKey: string, stringToSign: string): string {
  return Buffer.from(hmacSha256(secretKey, stringToSign)).toString("base64");
}

/** The full signed query for one call (exported for tests). */
export function signedLegacyParams(
  connection: Pick<ResolvedConnection, "credentials" | "region" | "endpoint">,
  action: string,
  extra: Record<string, string>,
  nowSeconds = Math.floor(Date.now() / 1000),
  nonce = randomNonce(),
): Record<string, string> {
  const params: Record<string, string> = {
    ...extra,
    Action: action,
    Region: connection.region,
    Timestamp: String(nowSeconds),
    Nonce: String(nonce),
    SecretId: connection.credentials.secretId,
    SignatureMethod: "HmacSHA256",
  };
  if (connection.credentials.token) params["Token"] = connection.credentials.token;
  // The hostname without a port, sent as the Host header too (see tc3.ts): both readings of "host" agree.
  const toSign = legacyStringToSign("GET", connection.endpoint.hostname, LEGACY_PATH, params);
  return { ...params, Signature: legacySignature(connection.credentials.secretKey, toSign) };
}

/** A client for GetRedisBackupList; returns the parsed JSON body (envelope checked for `code`). */
export interface LegacyClient {
  /**
   * One page of backups. `accept` checks and converts the body inside the retry loop, so a body that fails its
   * checks (a retryable `MalformedResponse`) is fetched again under the same budget as any other fault.
   */
  getRedisBackupList<T = Record<string, unknown>>(
    request: LegacyListRequest,
    accept?: (body: Record<string, unknown>) => T,
  ): Promise<T>;
}

const ACTION = "GetRedisBackupList";

/** Builds the legacy client for a resolved connection. */
export function createLegacyClient(connection: ResolvedConnection): LegacyClient {
  return {
    getRedisBackupList: <T = Record<string, unknown>>(
      request: LegacyListRequest,
      accept?: (body: Record<string, unknown>) => T,
    ) =>
      withRetry(
        ACTION,
        async (attempt) => {
          await connection.throttle.acquire();
          connection.onEvent?.({ kind: "request", action: ACTION, attempt });
          const params = signedLegacyParams(connection, ACTION, toParams(request));
          const body = await getJson(connection, params).catch((error) => {
            throw toApiError(error, ACTION);
          });
          const checked = checkEnvelope(body, connection);
          return accept ? accept(checked) : (checked as T);
        },
        connection.retry,
      ),
  };
}

function toParams(request: LegacyListRequest): Record<string, string> {
  const params: Record<string, string> = {
    redisId: request.redisId,
    limit: String(request.limit),
    offset: String(request.offset),
  };
  if (request.beginTime) params["beginTime"] = request.beginTime;
  if (request.endTime) params["endTime"] = request.endTime;
  return params;
}

/** Legacy numeric codes we know, spelled as the 3.0 codes users can look up. */
const LEGACY_CODE_NAMES: Record<number, string> = { 4100: "AuthFailure", 11201: "InvalidParameter" };

function checkEnvelope(body: unknown, connection: ResolvedConnection): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(
      `${ACTION} failed: MalformedResponse: the body is not a JSON object`,
      "MalformedResponse",
      undefined,
      true,
    );
  }
  const record = body as Record<string, unknown>;
  const code = record["code"];
  if (code === 0 || code === "0") return record;
  const numeric = Number(code);
  const codeDesc =
    typeof record["codeDesc"] === "string" && record["codeDesc"] ? record["codeDesc"] : undefined;
  const name =
    codeDesc ?? LEGACY_CODE_NAMES[numeric] ?? `LegacyError${Number.isFinite(numeric) ? numeric : ""}`;
  const { secretKey, token } = connection.credentials;
  const message =
    typeof record["message"] === "string"
      ? redactSecrets(record["message"], {}, [secretKey, token])
      : "no message";
  throw toApiError(
    Object.assign(new Error(`${message} (legacy code ${String(code)})`), { code: name, httpCode: undefined }),
    ACTION,
  );
}

async function getJson(connection: ResolvedConnection, params: Record<string, string>): Promise<unknown> {
  const query = new URLSearchParams(params).toString();
  const response = await sendHttp(connection.endpoint, {
    method: "GET",
    path: `${LEGACY_PATH}?${query}`,
    headers: { Host: connection.endpoint.hostname },
    timeoutMs: connection.requestTimeoutMs,
  });
  if (response.status !== 200) {
    // A proxy's error page may echo the query, token included: cut our secrets out of what we quote.
    const { secretKey, token } = connection.credentials;
    const text = redactSecrets(response.body, {}, [secretKey, token]).slice(0, 200);
    throw Object.assign(new Error(text || "HTTP error"), { httpCode: response.status });
  }
  try {
    return JSON.parse(response.body);
  } catch {
    const why = response.body === "" ? "the body is empty" : "the body is not JSON";
    throw new ApiError(`${ACTION} failed: MalformedResponse: ${why}`, "MalformedResponse", undefined, true);
  }
}
