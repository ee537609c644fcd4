/**
 * Verifies API 2.0 signatures: base64(HMAC(SecretKey, GET + host + path + ? + sorted k=v pairs)), `_` in names
 * written as `.`. The host is read as received, or without its port (the same compatibility rule as TC3).
 */
import { createHmac } from "node:crypto";
import type { EmulatorCredentials } from "./credentials";
import type { AuthFailure } from "./tc3-verify";

const MAX_SKEW_S = 300;
const ALGORITHMS: Readonly<Record<string, string>> = { HmacSHA256: "sha256", HmacSHA1: "sha1" };

function stringToSign(host: string, path: string, params: Record<string, string>): string {
  const query = Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort()
    .map((name) => `${name.replace(/_/g, ".")}=${params[name]}`)
    .join("&");
  return `GET${host}${path}?${query}`;
}

/** Checks a 2.0 request's query parameters (already URL-decoded). */
export function verifyLegacy(
  host: string,
  path: string,
  params: Record<string, string>,
  credentials: EmulatorCredentials,
  nowS: number,
): AuthFailure | undefined {
  if (params.SecretId !== credentials.secretId) return { code: "AuthFailure", message: "SecretId not found" };
  const algorithm = ALGORITHMS[params.SignatureMethod ?? "HmacSHA1"];
  if (!algorithm)
    return { code: "AuthFailure", message: `unsupported SignatureMethod ${params.SignatureMethod}` };
  const timestamp = Number(params.Timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > MAX_SKEW_S) {
    return { code: "AuthFailure", message: "Timestamp missing or more than 300 s off" };
  }
  if (!params.Nonce) return { code: "AuthFailure", message: "Nonce missing" };
  const hosts = [host, host.replace(/:\d+$/, "")];
  for (const candidate of new Set(hosts)) {
    const expected = createHmac(algorithm, credentials.secretKey)
      .update(stringToSign(candidate, path, params))
      .digest("base64");
    if (expected === params.Signature) return undefined;
  }
  return { code: "AuthFailure", message: "signature does not match" };
}
