/**
 * Verifies TC3-HMAC-SHA256 signatures the way Tencent's public doc describes them.
 * Compatibility with the official SDK (a reference client in our tests): it signs the hostname without the port
 * while sending `Host: host:port`, and uses the endpoint's first label as the service (`127` for 127.0.0.1).
 * The real service never sees a port or such a label, so both readings are accepted; nothing else is.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorCredentials } from "./credentials";

/** Outcome of a check: undefined when valid, else the Tencent error code and message. */
export interface AuthFailure {
  readonly code: string;
  readonly message: string;
}

const AUTH =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_S = 300;

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

function signature(secretKey: string, date: string, service: string, stringToSign: string): string {
  const kSigning = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
  return createHmac("sha256", kSigning).update(stringToSign).digest("hex");
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The host values a signature may have used: as received, and without the port (SDK compatibility). */
function hostReadings(host: string): string[] {
  const withoutPort = host.replace(/:\d+$/, "");
  return withoutPort === host ? [host] : [host, withoutPort];
}

/** Checks an API 3.0 request. `nowS` is the emulator clock in seconds. */
export function verifyTc3(
  method: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  credentials: EmulatorCredentials,
  nowS: number,
): AuthFailure | undefined {
  const match = AUTH.exec(header(headers, "authorization"));
  if (!match)
    return {
      code: "AuthFailure.InvalidAuthorization",
      message: "Authorization header is not TC3-HMAC-SHA256",
    };
  const [, secretId, date, service, signedHeaders, sent] = match;
  if (secretId !== credentials.secretId)
    return { code: "AuthFailure.SecretIdNotFound", message: "SecretId not found" };
  const timestamp = Number(header(headers, "x-tc-timestamp"));
  if (!Number.isInteger(timestamp))
    return { code: "AuthFailure.InvalidAuthorization", message: "X-TC-Timestamp missing" };
  if (Math.abs(nowS - timestamp) > MAX_SKEW_S) {
    return {
      code: "AuthFailure.SignatureExpire",
      message: "signature expired: X-TC-Timestamp is more than 300 s off",
    };
  }
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) {
    return {
      code: "AuthFailure.InvalidAuthorization",
      message: "credential scope date is not the UTC date of X-TC-Timestamp",
    };
  }
  const names = signedHeaders.split(";");
  if (!names.includes("content-type") || !names.includes("host")) {
    return {
      code: "AuthFailure.InvalidAuthorization",
      message: "SignedHeaders must include content-type and host",
    };
  }
  const host = header(headers, "host");
  const services = ["redis", host.split(".")[0]];
  if (!services.includes(service))
    return { code: "AuthFailure.InvalidAuthorization", message: `service ${service} is not redis` };
  for (const hostValue of hostReadings(host)) {
    const canonicalHeaders = names
      .map(
        (name) => `${name}:${(name === "host" ? hostValue : header(headers, name)).trim().toLowerCase()}\n`,
      )
      .join("");
    const canonical = [method, "/", "", canonicalHeaders, signedHeaders, sha256Hex(body)].join("\n");
    const toSign = [
      "TC3-HMAC-SHA256",
      String(timestamp),
      `${date}/${service}/tc3_request`,
      sha256Hex(canonical),
    ].join("\n");
    if (sameHex(signature(credentials.secretKey, date, service, toSign), sent)) return undefined;
  }
  return { code: "AuthFailure.SignatureFailure", message: "the signature does not match" };
}
