/**
 * Shared steps of the commands that select a backup: flags -> criteria -> connection -> lookup.
 */

import type { ConnectionOptions } from "../api";
import { parseCriteria } from "../backups/criteria";
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

/** Validates the selection flags with the domain's rules, errors naming CLI flags. */
export function criteriaFromFlags(flags: SelectionFlags, nowMs = Date.now()): SelectionCriteria {
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

function describeEvent(event: unknown): string {
  if (event && typeof event === "object") {
    return Object.entries(event as Record<string, unknown>)
      .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
      .join(" ");
  }
  return String(event);
}
