/** The emulator's default credentials (fake, public, for tests and the demo only) and the token check. */
import { timingSafeEqual } from "node:crypto";

/** SecretId the emulator accepts by default. */
export const EMULATOR_SECRET_ID = "AKIDEMULATOR00000000";
/** SecretKey the emulator accepts by default (not a real key; it signs requests to the emulator only). */
export const EMULATOR_SECRET_KEY = "emulator-secret-key-not-a-real-one";

/** A key pair the emulator checks signatures against. */
export interface EmulatorCredentials {
  readonly secretId: string;
  readonly secretKey: string;
  /**
   * The security token of a temporary key: when set, every request must carry exactly this token (X-TC-Token in
   * API 3.0, Token in 2.0), else AuthFailure.TokenFailure.
   */
  readonly token?: string;
}

/** What to do with a token sent while the credentials have none (a permanent key). */
export type UnexpectedToken = "refuse" | "ignore";

/** A token check's failure: AuthFailure.TokenFailure, as the service answers. */
export interface TokenFailure {
  readonly code: "AuthFailure.TokenFailure";
  readonly message: string;
}

/** Compares two secrets in constant time. */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks the token a request carried (undefined: none, or empty) against the credentials: a temporary key's
 * token must be sent exactly; a token sent with a permanent key is refused unless `unexpected` is "ignore".
 */
export function checkToken(
  sent: string | undefined,
  credentials: EmulatorCredentials,
  unexpected: UnexpectedToken,
): TokenFailure | undefined {
  const code = "AuthFailure.TokenFailure";
  if (credentials.token === undefined) {
    return sent && unexpected === "refuse"
      ? {
          code,
          message:
            "a token was sent with a permanent key; send none (unset TENCENTCLOUD_SECURITY_TOKEN and TENCENTCLOUD_SESSION_TOKEN), or the temporary key's own",
        }
      : undefined;
  }
  if (!sent) return { code, message: "the temporary key's token is missing" };
  return sameText(sent, credentials.token) ? undefined : { code, message: "the token is invalid" };
}
