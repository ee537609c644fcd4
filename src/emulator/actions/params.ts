/** Reading an action's JSON parameters the way the service does: typed, required ones present, no unknown names. */
import { EmulatorApiError } from "../api-error";

/** An action's parameters as parsed from the request body. */
export type Params = Readonly<Record<string, unknown>>;

/** A required non-empty string, else MissingParameter / InvalidParameter. */
export function requireString(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "")
    throw new EmulatorApiError("MissingParameter", `${name} is required`);
  if (typeof value !== "string") throw new EmulatorApiError("InvalidParameter", `${name} must be a string`);
  return value;
}

/** A required integer, else MissingParameter / InvalidParameterValue. */
export function requireInteger(params: Params, name: string): number {
  if (params[name] === undefined) throw new EmulatorApiError("MissingParameter", `${name} is required`);
  return optionalInteger(params, name, 0);
}

/**
 * An optional integer (the fallback when absent), else InvalidParameterValue. Beyond ±Number.MAX_SAFE_INTEGER a
 * JSON number no longer names one integer (and int64 parameters overflow near there): refused as out of range.
 */
export function optionalInteger(params: Params, name: string, fallback: number): number {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new EmulatorApiError("InvalidParameterValue", `${name} must be an integer`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new EmulatorApiError("InvalidParameterValue", `${name} is out of range`);
  }
  return value;
}

/** An optional string, else InvalidParameter. */
export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new EmulatorApiError("InvalidParameter", `${name} must be a string`);
  return value;
}

/** Rejects parameter names the action does not define, as the service does (catches client typos). */
export function rejectUnknownParams(action: string, params: Params, known: readonly string[]): void {
  const unknown = Object.keys(params).find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new EmulatorApiError("UnknownParameter", `the parameter ${unknown} is not defined for ${action}`);
  }
}
