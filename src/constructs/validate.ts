/**
 * Synth-time validation of literal props with the domain's rules, so a stack fails at `cdktf synth` with the
 * same message the CLI would print, prefixed by the construct and its path. Tokens are left to plan time.
 */
import { Token } from "cdktf";
import type { Construct } from "constructs";
import { printableLine } from "../api/errors";
import { parseCriteria, type RawCriteria } from "../backups/criteria";
import { CrsBackupError } from "../backups/errors";

/** A literal value, or undefined when the value is a token (resolved only at plan time). */
export function literal<T>(value: T | undefined): T | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/**
 * Throws `<Construct> <path>: <message>` as one printable line: messages quote prop values, and a value may
 * carry control characters (shown escaped, never sent to the terminal).
 */
export function failAt(scope: Construct, kind: string, message: string): never {
  throw new Error(printableLine(`${kind} ${scope.node.path}: ${message}`));
}

/** Runs a check; a CrsBackupError becomes `<Construct> <path>: <message>`. */
export function withConstructPath<T>(scope: Construct, kind: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof CrsBackupError) failAt(scope, kind, error.message);
    throw error;
  }
}

/** Criteria fields spelled as construct props. */
const PROP_OF: Readonly<Record<string, string>> = { type: "backupType" };

/** Validates the literal selection props (the criteria rules of the CLI and the resolver). */
export function validateCriteriaProps(scope: Construct, kind: string, raw: RawCriteria): void {
  withConstructPath(scope, kind, () => parseCriteria(raw, Date.now(), (field) => PROP_OF[field] ?? field));
}

/** Example values of required props, for the fix in a "missing" error. */
const EXAMPLE_OF: Readonly<Record<string, string>> = {
  trigger: "a pipeline variable such as the run id",
  backupId: "a pinned lookup's backupId, e.g. lookup.pin({ rotateOn }).backupId",
  securityGroupIds: '["sg-xxxxxxxx"]',
};

/** A required string prop: present and not blank (tokens pass). */
export function requireString(scope: Construct, kind: string, prop: string, value: string | undefined): void {
  if (value === undefined || (!Token.isUnresolved(value) && value.trim() === "")) {
    const example = EXAMPLE_OF[prop] ?? '"crs-xxxxxxxx"';
    failAt(scope, kind, `${prop}: missing; pass ${example}`);
  }
}

/** A literal that must be one of the enum's values (plain strings from JavaScript work too). */
export function requireOneOf(
  scope: Construct,
  kind: string,
  prop: string,
  value: string | undefined,
  allowed: readonly string[],
): void {
  const text = literal(value);
  if (text !== undefined && !allowed.includes(text)) {
    failAt(scope, kind, `${prop}: "${text}" is not valid; use one of ${allowed.join(", ")}`);
  }
}
