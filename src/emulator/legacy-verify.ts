/**
 * Verifies API 2.0 signatures: base64(HMAC-SHA1 or HMAC-SHA256 per SignatureMethod (default HmacSHA1), keyed
 * with the SecretKey, of `GET` + host + path + `?` + the parameters but Signature sorted by name, `k=v` joined
 * by `&`, raw (decoded) values, `_` in names written as `.`).
 * The host is the one received; only with `sdkCompatible` is the hostname alone (without the port) accepted too
 * when that fails, the same rule as TC3 (see tc3-verify.ts: clients that sign the endpoint's hostname while
 * sending `host:port`).
 */
import { createHmac } from "node:crypto";
import { type EmulatorCredentials, sameText } from "./credentials";
import { type AuthFailure, hostReadings } from "./tc3-verify";

const MAX_SKEW_S = 300;
const ALGORITHMS: Readonly<Record<string, string>> = { HmacSHA256: "sha256", HmacSHA1: "sha1" };

/** The string a 2.0 client signs. */
export function legacyStringToSign(host: string, path: string, params: Record<string, string>): string {
  const query = Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort()
    .map((name) => `${name.replace(/_/g, ".")}=${params[name]}`)
    .join("&");
  return `GET${host}${path}?${query}`;
}

/** Checks a 2.0 request's query parameters (already URL-decoded); undefined when valid. */
export function verifyLegacy(
  host: string,
  path: string,
  params: Record<string, string>,
  credentials: EmulatorCredentials,
  nowS: number,
  sdkCompatible = false,
): AuthFailure | undefined {
  if (!params.SecretId || !params.Signature) {
    return { code: "AuthFailure.InvalidAuthorization", message: "SecretId and Signature are required" };
  }
  if (params.SecretId !== credentials.secretId) {
    return { code: "AuthFailure.SecretIdNotFound", message: "the SecretId is not found" };
  }
  const algorithm = ALGORITHMS[params.SignatureMethod ?? "HmacSHA1"];
  if (!algorithm) {
    return {
      code: "AuthFailure.InvalidAuthorization",
      message: `SignatureMethod ${params.SignatureMethod} is not HmacSHA256 or HmacSHA1`,
    };
  }
  if (!/^[1-9]\d*$/.test(params.Nonce ?? "")) {
    return { code: "AuthFailure.InvalidAuthorization", message: "Nonce must be a positive integer" };
  }
  const timestamp = Number(params.Timestamp);
  if (!/^\d+$/.test(params.Timestamp ?? "")) {
    return { code: "AuthFailure.InvalidAuthorization", message: "Timestamp must be epoch seconds" };
  }
  if (Math.abs(nowS - timestamp) > MAX_SKEW_S) {
    return {
      code: "AuthFailure.SignatureExpire",
      message: "Timestamp is more than 300 s off the server clock",
    };
  }
  for (const candidate of hostReadings(host, sdkCompatible)) {
    const expected = createHmac(algorithm, credentials.secretKey)
      .update(legacyStringToSign(candidate, path, params))
      .digest("base64");
    if (sameText(expected, params.Signature)) return undefined;
  }
  return { code: "AuthFailure.SignatureFailure", message: "the signature does not match" };
}
