/**
 * The deprecated API 2.0 `GetRedisBackupList`, signed by hand (HmacSHA256) over node:http(s).
 * No SDK: the SDK no longer speaks this dialect.
 */
import { createHmac, randomInt } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { ApiError } from "../backups/errors";
import { agentFor } from "./agent";
import type { ResolvedConnection } from "./connection";
import { LEGACY_PATH } from "./endpoint";
import { toApiError } from "./errors";
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

/** base64(HMAC-SHA256(secretKey, stringToSign)). */
export function legacySignature(secretKey: string, stringToSign: string): string {
  return createHmac("sha256", secretKey).update(stringToSign).digest("base64");
}

/** The full signed query for one call (exported for tests). */
export function signedLegacyParams(
  connection: Pick<ResolvedConnection, "credentials" | "region" | "endpoint">,
  action: string,
  extra: Record<string, string>,
  nowSeconds = Math.floor(Date.now() / 1000),
  nonce = randomInt(1, 2_147_483_647),
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
  const toSign = legacyStringToSign("GET", connection.endpoint.host, LEGACY_PATH, params);
  return { ...params, Signature: legacySignature(connection.credentials.secretKey, toSign) };
}

/** A client for GetRedisBackupList; returns the parsed JSON body (envelope checked for `code`). */
export interface LegacyClient {
  getRedisBackupList(request: LegacyListRequest): Promise<Record<string, unknown>>;
}

const ACTION = "GetRedisBackupList";

/** Builds the legacy client for a resolved connection. */
export function createLegacyClient(connection: ResolvedConnection): LegacyClient {
  return {
    getRedisBackupList: (request) =>
      withRetry(
        ACTION,
        async (attempt) => {
          await connection.throttle.acquire();
          connection.onEvent?.({ kind: "request", action: ACTION, attempt });
          const params = signedLegacyParams(connection, ACTION, toParams(request));
          const body = await getJson(connection, params).catch((error) => {
            throw toApiError(error, ACTION);
          });
          return checkEnvelope(body);
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

function checkEnvelope(body: unknown): Record<string, unknown> {
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
  const message = typeof record["message"] === "string" ? record["message"] : "no message";
  throw toApiError(
    Object.assign(new Error(`${message} (legacy code ${String(code)})`), { code: name, httpCode: undefined }),
    ACTION,
  );
}

function getJson(connection: ResolvedConnection, params: Record<string, string>): Promise<unknown> {
  const query = new URLSearchParams(params).toString();
  const url = `${connection.endpoint.url}${LEGACY_PATH}?${query}`;
  const transport = connection.endpoint.protocol === "http://" ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.get(
      url,
      { agent: agentFor(connection.endpoint.protocol), timeout: connection.requestTimeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status !== 200) {
            reject(Object.assign(new Error(response.statusMessage ?? "HTTP error"), { httpCode: status }));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch {
            reject(
              new ApiError(
                `${ACTION} failed: MalformedResponse: the body is not JSON`,
                "MalformedResponse",
                undefined,
                true,
              ),
            );
          }
        });
      },
    );
    request.on("timeout", () =>
      request.destroy(Object.assign(new Error("request timeout"), { name: "TimeoutError" })),
    );
    request.on("error", reject);
  });
}
