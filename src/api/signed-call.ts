/**
 * One TC3-signed API 3.0 call (http-transport.ts): the envelope's `Response`, or the ApiError it amounts to.
 * No retries here (callers wrap it in withRetry).
 */
import { ApiError } from "../backups/errors";
import type { Credentials } from "./credentials";
import type { ResolvedEndpoint } from "./endpoint";
import { formatApiMessage, isRetryableCode, redactSecrets, toApiError } from "./errors";
import { sendHttp } from "./http-transport";
import { tc3Headers } from "./tc3";

/** Raw response objects (the envelope's `Response` member, PascalCase). */
export type RawResponse = Record<string, unknown>;

/** Where and as whom to call. */
export interface CallTarget {
  readonly endpoint: ResolvedEndpoint;
  readonly region: string;
  readonly credentials: Credentials;
  readonly requestTimeoutMs: number;
}

/** What to call. */
export interface CallSpec {
  readonly service: string;
  readonly version: string;
  readonly action: string;
  readonly request: unknown;
}

/** Sends one signed call and returns its `Response` object, or throws the ApiError it amounts to. */
export async function signedCall(target: CallTarget, call: CallSpec): Promise<RawResponse> {
  const { action, request } = call;
  const payload = JSON.stringify(request);
  const headers = tc3Headers({
    service: call.service,
    version: call.version,
    hostname: target.endpoint.hostname,
    action,
    region: target.region,
    payload,
    credentials: target.credentials,
    timestampS: Math.floor(Date.now() / 1000),
  });
  const response = await sendHttp(target.endpoint, {
    method: "POST",
    path: "/",
    headers,
    body: payload,
    timeoutMs: target.requestTimeoutMs,
  }).catch((error: unknown) => {
    throw toApiError(error, action, call.service);
  });
  if (response.status !== 200) {
    // Redacted before it is cut short: a secret across the cut would no longer match.
    const text = echoed(response.body, target, call).slice(0, 200) || "no body";
    throw toApiError(Object.assign(new Error(text), { httpCode: response.status }), action);
  }
  return responseObject(call, response.body, target);
}

/**
 * Server text bound for an error message, without the secrets this call sent: a proxy's or firewall's error
 * page may echo the request (the token header, a password in the body), and the message reaches logs.
 */
function echoed(text: string, target: CallTarget, call: CallSpec): string {
  const password = (call.request as { Password?: unknown } | null)?.Password;
  const { secretKey, token } = target.credentials;
  return redactSecrets(text, {}, [secretKey, token, typeof password === "string" ? password : undefined]);
}

function malformed(call: CallSpec, why: string, requestId?: string): ApiError {
  return new ApiError(
    formatApiMessage(call.action, "MalformedResponse", why, requestId, call.service),
    "MalformedResponse",
    requestId,
    true,
  );
}

/** The envelope's `Response`, or an ApiError for `Response.Error` and bodies that are not the envelope. */
function responseObject(call: CallSpec, body: string, target: CallTarget): RawResponse {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw malformed(call, body === "" ? "the response body is empty" : "the response body is not JSON");
  }
  const response = (json as { Response?: unknown } | null)?.Response;
  if (typeof response !== "object" || response === null || Array.isArray(response)) {
    throw malformed(call, "the response has no Response object");
  }
  const record = response as RawResponse;
  const requestId = typeof record.RequestId === "string" ? record.RequestId : undefined;
  const error = record.Error as { Code?: unknown; Message?: unknown } | undefined;
  if (error && typeof error === "object") {
    const code = typeof error.Code === "string" && error.Code ? error.Code : "UnknownError";
    const message = typeof error.Message === "string" ? echoed(error.Message, target, call) : "";
    throw new ApiError(
      formatApiMessage(call.action, code, message, requestId, call.service),
      code,
      requestId,
      isRetryableCode(code),
    );
  }
  return record;
}
