/**
 * Maps whatever a Tencent call threw (SDK exception, network error, timeout) to an `ApiError`
 * whose one-line message names the action, the Tencent code, the RequestId and a hint.
 */
import { ApiError, CrsBackupError } from "../backups/errors";

/**
 * HTTP statuses worth retrying: server-side faults, and 429 (Tencent answers throttling inside a 200, so a 429
 * comes from a proxy or gateway in between, and asking again later is what it asks for).
 */
function isRetryableHttp(httpCode: number): boolean {
  return httpCode >= 500 || httpCode === 429;
}

/** Tencent codes worth retrying: throttling and server-side faults. */
export function isRetryableCode(code: string | undefined, httpCode?: number): boolean {
  if (httpCode !== undefined && isRetryableHttp(httpCode)) return true;
  if (!code) return false;
  return (
    code.startsWith("RequestLimitExceeded") ||
    code.startsWith("InternalError") ||
    code === "FailedOperation.SystemError" ||
    code === "MalformedResponse"
  );
}

/** A hint that tells the user what to do about a code, or undefined. */
export function hintFor(code: string | undefined, action: string, service = "redis"): string | undefined {
  if (!code) return undefined;
  if (code.includes("NoCAMAuthed") || code.includes("PermissionDenied") || code === "UnauthorizedOperation") {
    return `grant the CAM action ${service}:${action}`;
  }
  if (code === "AuthFailure.SignatureExpire") {
    return "check this machine's clock: a request is signed with the current time and refused when it is minutes off";
  }
  if (code.startsWith("AuthFailure")) {
    return "check TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (and the security token for temporary keys)";
  }
  if (code === "ResourceNotFound.InstanceNotExists") return "check the instance id and region";
  if (code === "UnsupportedRegion" || code === "InvalidParameterValue.RegionNotSupported")
    return "check the region";
  return undefined;
}

/** Environment variables that hold secrets: their values are never echoed, even in an internal error. */
const SECRET_VARIABLES = [
  "TENCENTCLOUD_SECRET_KEY",
  "TENCENTCLOUD_SECURITY_TOKEN",
  "TENCENTCLOUD_SESSION_TOKEN",
  "TENCENTCLOUD_REDIS_PASSWORD",
];

/**
 * `text` with every secret replaced by `***`: the values of the secret environment variables and `extra` (the
 * credentials and password actually sent, whatever their source). Values under 4 characters are left alone,
 * since replacing them would mangle ordinary words and they protect nothing.
 */
export function redactSecrets(
  text: string,
  env: NodeJS.ProcessEnv,
  extra: readonly (string | undefined)[] = [],
): string {
  let out = text;
  for (const secret of [...SECRET_VARIABLES.map((name) => env[name]), ...extra]) {
    if (!secret || secret.length < 4) continue;
    // Also as it travels in a query string (the legacy API's Token), which an echoing page may quote.
    const queryForms = [encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
    for (const form of new Set([secret, ...queryForms])) out = out.split(form).join("***");
  }
  return out;
}

/**
 * One line fit for a terminal and a log: whitespace runs become one space, and control characters left over
 * (an escape sequence in a value a message quotes) are shown as `\u001b`, never sent to the terminal.
 */
export function printableLine(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
      /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

/** Formats `<Action> failed: <Code>: <message> (RequestId <id>)[; hint]`. */
export function formatApiMessage(
  action: string,
  code: string | undefined,
  message: string,
  requestId: string | undefined,
  service = "redis",
): string {
  const head = code ? `${action} failed: ${code}: ${message}` : `${action} failed: ${message}`;
  const withId = requestId ? `${head} (RequestId ${requestId})` : head;
  const hint = hintFor(code, action, service);
  return oneLine(hint ? `${withId}; ${hint}` : withId);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

interface SdkLikeError {
  code?: unknown;
  requestId?: unknown;
  httpCode?: unknown;
  message?: unknown;
  name?: unknown;
  type?: unknown;
}

/** Converts any thrown value from a Tencent call into an ApiError (CrsBackupErrors pass through). */
export function toApiError(error: unknown, action: string, service = "redis"): CrsBackupError {
  if (error instanceof ApiError) return error;
  if (error instanceof CrsBackupError) return error;
  const e = (
    typeof error === "object" && error !== null ? error : { message: String(error) }
  ) as SdkLikeError;
  if (e.type === "invalid-json" || e.name === "SyntaxError" || e.name === "TypeError") {
    // A 200 whose body is not the JSON envelope we expect (node-fetch's invalid-json, or no Response).
    const message = "the response body is not a valid Tencent API response";
    const text = formatApiMessage(action, "MalformedResponse", message, undefined, service);
    return new ApiError(text, "MalformedResponse", undefined, true);
  }
  const code = typeof e.code === "string" && e.code && !isNodeErrorCode(e.code) ? e.code : undefined;
  const requestId = typeof e.requestId === "string" && e.requestId ? e.requestId : undefined;
  const httpCode = typeof e.httpCode === "number" ? e.httpCode : undefined;
  const rawMessage = typeof e.message === "string" && e.message ? e.message : "unknown error";
  const message = code ? rawMessage : describeNetworkError(e, rawMessage, httpCode);
  // No Tencent code means the request never got a Tencent answer: network, timeout or HTTP failure.
  const retryable = code
    ? isRetryableCode(code, httpCode)
    : httpCode === undefined || isRetryableHttp(httpCode);
  return new ApiError(
    formatApiMessage(action, code, message, requestId, service),
    code,
    requestId,
    retryable,
  );
}

function isNodeErrorCode(code: string): boolean {
  // Node's system errors carry codes like ECONNREFUSED; those are network errors, not Tencent codes.
  return /^E[A-Z_]+$/.test(code) || code.startsWith("ERR_") || code === "UND_ERR_CONNECT_TIMEOUT";
}

function describeNetworkError(e: SdkLikeError, message: string, httpCode?: number): string {
  if (httpCode !== undefined) return `HTTP ${httpCode}: ${message}`;
  const nodeCode = typeof e.code === "string" ? e.code : undefined;
  if (e.name === "AbortError" || /timeout/i.test(message)) return `network timeout: ${message}`;
  return nodeCode ? `network error ${nodeCode}: ${message}` : `network error: ${message}`;
}
