/** The emulator's request log: what was asked and answered, never a secret. */

/** One logged request: never a secret (no SecretKey, Signature, Password or token). */
export interface LoggedRequest {
  readonly dialect: "v3" | "legacy";
  readonly action: string;
  /** The HTTP status sent; 0 when the request was never answered (the "hang" fault). */
  readonly httpStatus: number;
  /** The Tencent error code answered, or `fault:<kind>` for a transport fault. */
  readonly errorCode?: string;
  /** The request's parameters without secrets and signing fields. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Parameter names that are or carry secrets, or only serve signing (any case, anywhere in the name). */
const SECRET_NAME = /password|secret|signature|token|nonce/i;

/** A copy of `value` without secret-named keys, at any depth. */
function secretFree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(secretFree);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_NAME.test(key))
      .map(([key, inner]) => [key, secretFree(inner)]),
  );
}

/** Appends to the log; the log is what `RunningEmulator.requestLog` shows. */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  /** Records one request. */
  add(
    dialect: LoggedRequest["dialect"],
    action: string,
    params: unknown,
    httpStatus: number,
    errorCode?: string,
  ) {
    this.entries.push({
      dialect,
      action,
      httpStatus,
      ...(errorCode ? { errorCode } : {}),
      params: secretFree(params ?? {}) as Record<string, unknown>,
    });
  }

  /** Forgets every request recorded so far (the array stays the same, so views of it stay live). */
  clear() {
    this.entries.length = 0;
  }
}
