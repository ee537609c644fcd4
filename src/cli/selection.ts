/**
 * Shared steps of the commands that select a backup: flags -> criteria -> connection -> lookup.
 */

import type { ConnectionOptions } from "../api";
import { parseCriteria } from "../backups/criteria";
import { InvalidInputError } from "../backups/errors";
import type { SelectionCriteria } from "../backups/model";
import type { CliIo } from "./io";
import {
  type ConnectionFlags,
  checkEndpoint,
  dialectFrom,
  flagLabel,
  rawCriteriaFrom,
  requireRegion,
  type SelectionFlags,
} from "./options";

/**
 * Validates the selection flags with the domain's rules, errors naming CLI flags. `--status` defaults to 2,4 in
 * commander, so an empty value can only be typed (`--status ""`); the domain reads "" as "not given" (Terraform's
 * unset), so it is refused here rather than quietly becoming the default.
 */
export function criteriaFromFlags(flags: SelectionFlags, nowMs = Date.now()): SelectionCriteria {
  if (flags.status !== undefined && flags.status.trim() === "") {
    throw new InvalidInputError(
      "statuses",
      "--status: empty; pass status codes such as 2,4, or leave the flag out for the default",
    );
  }
  return parseCriteria(rawCriteriaFrom(flags), nowMs, flagLabel);
}

/** Region, endpoint and dialect checked here (so errors name the flag), then handed to the API layer. */
export function connectionFromFlags(
  flags: ConnectionFlags & { verbose?: boolean },
  io: CliIo,
): ConnectionOptions {
  const region = requireRegion(flags, io.env);
  const endpoint = checkEndpoint(flags, io.env);
  return {
    region,
    endpoint,
    api: dialectFrom(flags),
    env: io.env,
    onEvent: flags.verbose ? (event) => io.stderr(`crs-backup: ${describeEvent(event)}\n`) : undefined,
  };
}

/** An API event as `key=value` pairs for `--verbose`; keys without a value are left out. */
export function describeEvent(event: unknown): string {
  if (event && typeof event === "object") {
    return Object.entries(event as Record<string, unknown>)
      .filter(([, value]) => value !== undefined) // a network failure has no Tencent code
      .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
      .join(" ");
  }
  return String(event);
}
