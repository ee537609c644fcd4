/**
 * TC3-HMAC-SHA256 request signing, per Tencent's public "Signature v3" document.
 * The service is named by the caller (`redis`, `sts`); the SDK derives it from the endpoint's first label, which
 * breaks custom endpoints such as the emulator's `127.0.0.1`.
 * The signed host is the hostname without a port, and the transport sends exactly that `Host` header, so a server
 * that reads the Host header as received and one that reads the URL's hostname agree on what was signed.
 */
import type { Credentials } from "./credentials";
import { hmacSha256, hmacSha256Hex, sha256Hex } from "./hashing";

const CONTENT_TYPE = "application/json; charset=utf-8";

/** What one signed request needs. */
export interface Tc3Input {
  /** `redis`, `sts`, ... */
  readonly service: string;
  /** The service's API version, e.g. `2018-04-12`. */
  readonly version: string;
  readonly hostname: string;
  readonly action: string;
  readonly region: string;
  readonly payload: string;
  readonly credentials: Credentials;
  readonly timestampS: number;
}

const SIGNED_HEADERS = "content-type;host";

/**
 * The UTC date (`YYYY-MM-DD`) of a timestamp: the credential scope's date is UTC, never local time. From UTC
 * fields rather than toISOString(), whose first call costs a plan-time lookup ~0.3 ms.
 */
function utcDate(timestampS: number): string {
  const date = new Date(timestampS * 1000);
  const two = (value: number) => (value < 10 ? `0${value}` : String(value));
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

/** Step 1 of the document: the canonical request (POST `/`, no query, content-type and host signed). */
export function tc3CanonicalRequest(hostname: string, payload: string): string {
  const headers = `content-type:${CONTENT_TYPE}\nhost:${hostname}\n`;
  return ["POST", "/", "", headers, SIGNED_HEADERS, sha256Hex(payload)].join("\n");
}

/** Step 2 of the document: the string to sign. */
export function tc3StringToSign(input: Tc3Input): string {
  const scope = `${utcDate(input.timestampS)}/${input.service}/tc3_request`;
  const canonical = tc3CanonicalRequest(input.hostname, input.payload);
  return ["TC3-HMAC-SHA256", String(input.timestampS), scope, sha256Hex(canonical)].join("\n");
}

/** The last derived signing key, for the next request with the same secret, date and service. */
let lastSigningKey: { secretKey: string; date: string; service: string; key: Uint8Array } | undefined;

/**
 * Step 3 of the document: the signing key, derived from the SecretKey, the UTC date and the service. Kept for
 * the next request: every page of a listing (100 for 10,000 rows) signs under the same one.
 */
function signingKey(secretKey: string, date: string, service: string): Uint8Array {
  const last = lastSigningKey;
  if (last && last.secretKey === secretKey && last.date === date && last.service === service) return last.key;
  const key = hmacSha256(hmacSha256(hmacSha256(`TC3${secretKey}`, date), service), "tc3_request");
  lastSigningKey = { secretKey, date, service, key };
  return key;
}

/** Steps 3 and 4: the signature under the derived key, as the Authorization header value. */
export function tc3Authorization(input: Tc3Input): string {
  const date = utcDate(input.timestampS);
  const key = signingKey(input.credentials.secretKey, date, input.service);
  const signature = hmacSha256Hex(key, tc3StringToSign(input));
  const credential = `${input.credentials.secretId}/${date}/${input.service}/tc3_request`;
  return `TC3-HMAC-SHA256 Credential=${credential}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
}

/** Every header of a signed API 3.0 request. */
export function tc3Headers(input: Tc3Input): Record<string, string> {
  return {
    Authorization: tc3Authorization(input),
    "Content-Type": CONTENT_TYPE,
    Host: input.hostname,
    "X-TC-Action": input.action,
    "X-TC-Version": input.version,
    "X-TC-Timestamp": String(input.timestampS),
    "X-TC-Region": input.region,
    "X-TC-RequestClient": "cdktf-tencentcloud-redis-backup",
    ...(input.credentials.token ? { "X-TC-Token": input.credentials.token } : {}),
  };
}
