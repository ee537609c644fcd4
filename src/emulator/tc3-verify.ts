/**
 * Verifies TC3-HMAC-SHA256 signatures the way Tencent's public doc describes them: the canonical request
 * (method, `/`, empty query, the SignedHeaders' lower-cased trimmed values, their names, sha256 of the body), the
 * string to sign (algorithm, timestamp, `DATE/SERVICE/tc3_request`, sha256 of the canonical request), and the key
 * derived from `TC3` + SecretKey, DATE, SERVICE and `tc3_request`.
 *
 * Strict by default: SERVICE `redis` and `host` as received. Compatibility with the official SDK (`sdkCompatible`,
 * for tests that use it as a reference client) is opt-in: against an endpoint like `127.0.0.1:PORT` the SDK signs
 * `host` as the hostname WITHOUT the port while sending `Host: 127.0.0.1:PORT`, and uses the endpoint's first
 * dot-label as SERVICE (`127`). The real service never sees a port or such a label; with `sdkCompatible` this
 * emulator also accepts, and nothing else:
 * - SERVICE the first label of the Host (as received, or of its hostname without the port);
 * - `host` as the hostname alone, when the Host has a port and the reading as received fails.
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type EmulatorCredentials, sameText } from "./credentials";

/** Outcome of a check: undefined when valid, else the Tencent error code and message. */
export interface AuthFailure {
  readonly code: string;
  readonly message: string;
}

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request, ?SignedHeaders=([a-z0-9;.-]+), ?Signature=([0-9a-f]{64})$/;
/** How far X-TC-Timestamp may be from the server clock. */
const MAX_SKEW_S = 300;
const SERVICE = "redis";

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

/** The TC3 signature of a string to sign (hex). */
function tc3Signature(secretKey: string, date: string, service: string, stringToSign: string): string {
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
  return createHmac("sha256", signingKey).update(stringToSign).digest("hex");
}

/** The host values a signature may have used: as received, then, for the SDK, without the port. */
export function hostReadings(host: string, sdkCompatible: boolean): string[] {
  const withoutPort = host.replace(/:\d+$/, "");
  return !sdkCompatible || withoutPort === host ? [host] : [host, withoutPort];
}

/** The SERVICE values accepted in the credential scope (see the file comment). */
function acceptedServices(host: string, sdkCompatible: boolean): string[] {
  if (!sdkCompatible) return [SERVICE];
  return [SERVICE, ...hostReadings(host, true).map((reading) => reading.split(".")[0] ?? "")];
}

/** Checks the Authorization header's shape, the SecretId, the clock and the scope; returns its parts. */
function checkScope(
  headers: IncomingHttpHeaders,
  credentials: EmulatorCredentials,
  nowS: number,
  sdkCompatible: boolean,
) {
  const match = AUTHORIZATION.exec(header(headers, "authorization"));
  if (!match) {
    return fail("AuthFailure.InvalidAuthorization", "the Authorization header is not a TC3-HMAC-SHA256 one");
  }
  const [, secretId, date, service, signedHeaders, sent] = match as unknown as string[];
  if (secretId !== credentials.secretId)
    return fail("AuthFailure.SecretIdNotFound", "the SecretId is not found");
  const timestampText = header(headers, "x-tc-timestamp");
  if (!/^\d+$/.test(timestampText)) {
    return fail("AuthFailure.InvalidAuthorization", "X-TC-Timestamp must be epoch seconds");
  }
  const timestamp = Number(timestampText);
  if (Math.abs(nowS - timestamp) > MAX_SKEW_S) {
    return fail(
      "AuthFailure.SignatureExpire",
      "the signature expired: X-TC-Timestamp is more than 300 s off",
    );
  }
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) {
    return fail(
      "AuthFailure.InvalidAuthorization",
      "the credential date is not the UTC date of X-TC-Timestamp",
    );
  }
  const names = signedHeaders!.split(";");
  if (names.some((name, i) => i > 0 && names[i - 1]! >= name)) {
    // TC3 signs the names sorted in ASCII order (each once): any other order is not a TC3 signature.
    return fail(
      "AuthFailure.SignatureFailure",
      "SignedHeaders must be sorted in ASCII order, each name once",
    );
  }
  if (!names.includes("content-type") || !names.includes("host")) {
    return fail("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host");
  }
  if (!acceptedServices(header(headers, "host"), sdkCompatible).includes(service!)) {
    return fail("AuthFailure.InvalidAuthorization", `the credential service ${service} is not ${SERVICE}`);
  }
  return {
    ok: { timestamp, date: date!, service: service!, signedHeaders: signedHeaders!, names, sent: sent! },
  };
}

function fail(code: string, message: string): { failure: AuthFailure } {
  return { failure: { code, message } };
}

/** Checks an API 3.0 request. `nowS` is the emulator clock in epoch seconds. */
export function verifyTc3(
  method: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  credentials: EmulatorCredentials,
  nowS: number,
  sdkCompatible = false,
): AuthFailure | undefined {
  const scope = checkScope(headers, credentials, nowS, sdkCompatible);
  if ("failure" in scope) return scope.failure;
  const { timestamp, date, service, signedHeaders, names, sent } = scope.ok;
  const bodyHash = sha256Hex(body);
  for (const host of hostReadings(header(headers, "host"), sdkCompatible)) {
    const canonicalHeaders = names
      .map((name) => `${name}:${(name === "host" ? host : header(headers, name)).trim().toLowerCase()}\n`)
      .join("");
    const canonicalRequest = [method, "/", "", canonicalHeaders, signedHeaders, bodyHash].join("\n");
    const stringToSign = [
      "TC3-HMAC-SHA256",
      String(timestamp),
      `${date}/${service}/tc3_request`,
      sha256Hex(canonicalRequest),
    ].join("\n");
    if (sameText(tc3Signature(credentials.secretKey, date, service, stringToSign), sent)) return undefined;
  }
  return { code: "AuthFailure.SignatureFailure", message: "the signature does not match the request" };
}
