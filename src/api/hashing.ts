/**
 * SHA-256 and HMAC-SHA256 for request signing, from @noble/hashes (audited, pure JS) rather than node:crypto:
 * loading node:crypto costs the plan-time resolver about 6 ms of a ~40 ms budget (issue 6), and a lookup hashes
 * a few hundred bytes. Tests check the results against node:crypto and Tencent's published examples.
 */
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex } from "@noble/hashes/utils";

/** Lower-case hex SHA-256 of a UTF-8 string. */
export function sha256Hex(data: string): string {
  return bytesToHex(sha256(data));
}

/** HMAC-SHA256 of UTF-8 `data` under `key` (a UTF-8 string or raw bytes). */
export function hmacSha256(key: string | Uint8Array, data: string): Uint8Array {
  return hmac(sha256, key, data);
}

/** HMAC-SHA256 as lower-case hex. */
export function hmacSha256Hex(key: string | Uint8Array, data: string): string {
  return bytesToHex(hmacSha256(key, data));
}
