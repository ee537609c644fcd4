/**
 * Flags shared by several commands (selection, connection, waiting) and their translation into the
 * domain's and the API layer's inputs. Validation of selection flags is the domain's `parseCriteria`;
 * this file only maps its field names to flag names.
 */
import { type Command, Option } from "commander";
import { checkRegion, parseEndpoint } from "../api/endpoint";
import { InvalidInputError } from "../backups/errors";
import type { ApiDialect } from "../backups/model";
import { parseDuration } from "../backups/time";

/** Raw selection flags as commander hands them over. */
export interface SelectionFlags {
  type?: string;
  beginTime?: string;
  endTime?: string;
  maxAge?: string;
  status?: string;
  includeLocked?: boolean;
  backupId?: string;
}

/** Raw connection flags. */
export interface ConnectionFlags {
  region?: string;
  endpoint?: string;
  api?: string;
}

const FLAG_FOR_FIELD: Record<string, string> = {
  type: "--type",
  backupType: "--type",
  beginTime: "--begin-time",
  endTime: "--end-time",
  maxAge: "--max-age",
  statuses: "--status",
  status: "--status",
  includeLocked: "--include-locked",
  backupId: "--backup-id",
  instanceId: "--instance-id",
  region: "--region",
  endpoint: "--endpoint",
  api: "--api",
  timeout: "--timeout",
};

/** Spells a domain field the way the CLI does (`beginTime` -> `--begin-time`). */
export function flagLabel(field: string): string {
  return FLAG_FOR_FIELD[field] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Adds the selection flags of `latest` to a command. */
export function addSelectionFlags(command: Command): Command {
  return command
    .option("--type <type>", "manual | system | spec-change | any", "any")
    .option("--begin-time <time>", "window start: 'YYYY-MM-DD HH:MM:SS' (UTC+8) or ISO 8601")
    .option("--end-time <time>", "window end: 'YYYY-MM-DD HH:MM:SS' (UTC+8) or ISO 8601")
    .option("--max-age <duration>", "window ending now, e.g. 26h, 7d, 90m")
    .option("--status <codes>", "usable row statuses, comma-separated", "2,4")
    .option("--include-locked", "treat locked backups as usable")
    .option("--backup-id <id>", "pin one backup: it must exist and be usable");
}

/**
 * Adds the connection flags (region, endpoint, API dialect) to a command; `dialects` are the ones it offers
 * (restore, clone and backup exist only in API 3.0).
 */
export function addConnectionFlags(
  command: Command,
  dialects: readonly ApiDialect[] = ["v3", "legacy"],
): Command {
  return command
    .option("--region <region>", "Tencent Cloud region (default: TENCENTCLOUD_REGION)")
    .option("--endpoint <url>", "API endpoint URL (default: TENCENTCLOUD_REDIS_ENDPOINT or the region's)")
    .addOption(new Option("--api <dialect>", "API dialect").choices(dialects).default("v3"));
}

/** Selection flags as the domain's raw criteria (strings as typed; `spec-change` spelled `specChange`). */
export function rawCriteriaFrom(flags: SelectionFlags) {
  const type = flags.type === "spec-change" ? "specChange" : flags.type;
  return {
    type,
    beginTime: flags.beginTime,
    endTime: flags.endTime,
    maxAge: flags.maxAge,
    statuses: flags.status,
    includeLocked: flags.includeLocked === true,
    backupId: flags.backupId,
  };
}

/** Region from the flag or TENCENTCLOUD_REGION; a missing one is invalid input naming both. */
export function requireRegion(flags: ConnectionFlags, env: NodeJS.ProcessEnv): string {
  const region = flags.region ?? env["TENCENTCLOUD_REGION"];
  if (!region) {
    throw new InvalidInputError(
      "region",
      "--region: missing; pass --region (for example --region ap-guangzhou) or set TENCENTCLOUD_REGION",
    );
  }
  const where = flags.region !== undefined ? "--region" : "TENCENTCLOUD_REGION";
  try {
    return checkRegion(region);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError("region", error.message.replace(/^region:/, `${where}:`));
  }
}

/** Checks an endpoint given by flag or env is an http(s) URL, so the user learns which one is wrong. */
export function checkEndpoint(flags: ConnectionFlags, env: NodeJS.ProcessEnv): string | undefined {
  const fromFlag = flags.endpoint !== undefined;
  const endpoint = flags.endpoint ?? env["TENCENTCLOUD_REDIS_ENDPOINT"];
  if (endpoint === undefined || endpoint === "") return undefined;
  const where = fromFlag ? "--endpoint" : "TENCENTCLOUD_REDIS_ENDPOINT";
  try {
    parseEndpoint(endpoint);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError("endpoint", error.message.replace(/^endpoint:/, `${where}:`));
  }
  return endpoint;
}

/** The dialect flag, already restricted by commander's choices. */
export function dialectFrom(flags: ConnectionFlags): ApiDialect {
  return flags.api === "legacy" ? "legacy" : "v3";
}

/** Parses `--timeout` (integer + s|m|h|d, more than zero) into milliseconds. */
export function parseTimeoutFlag(text: string, flag = "--timeout"): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new InvalidInputError(
      "timeout",
      `${flag}: "${text}" is not a duration; use a whole number followed by s, m, h or d, for example 30m`,
    );
  }
  return ms;
}
