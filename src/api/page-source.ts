/** One page of backups from either dialect, behind one interface so paging logic is written once. */
import { REQUESTED_STATUSES } from "../backups/codes";
import { ApiError } from "../backups/errors";
import type { BackupRecord, SelectionCriteria, TimeWindow } from "../backups/model";
import { parseLegacyResponse, parseV3Response } from "../backups/parse";
import { formatApiTime } from "../backups/time";
import type { ResolvedConnection } from "./connection";
import { formatApiMessage } from "./errors";
import { createLegacyClient } from "./legacy-client";
import { createV3Client } from "./v3-client";

/** A parsed page. */
export interface Page {
  readonly totalCount: number;
  readonly records: readonly BackupRecord[];
}

/** Fetches one page of one span. */
export interface PageSource {
  readonly action: string;
  fetchPage(span: TimeWindow, offset: number, limit: number): Promise<Page>;
}

/** The status filter sent to API 3.0: every status diagnostics may count, plus any the caller asked for. */
export function statusFilter(criteria: Pick<SelectionCriteria, "statuses">): number[] {
  return [...new Set([...REQUESTED_STATUSES, ...criteria.statuses])].sort((a, b) => a - b);
}

function spanTimes(span: TimeWindow): { begin?: string; end?: string } {
  return {
    begin: span.beginMs === undefined ? undefined : formatApiTime(span.beginMs),
    end: span.endMs === undefined ? undefined : formatApiTime(span.endMs),
  };
}

/** A PageSource for the connection's dialect. */
export function createPageSource(
  connection: ResolvedConnection,
  instanceId: string,
  criteria: Pick<SelectionCriteria, "statuses">,
): PageSource {
  return connection.api === "legacy"
    ? legacySource(connection, instanceId)
    : v3Source(connection, instanceId, statusFilter(criteria));
}

/** Parser errors name the action and carry the Tencent-style prefix of every other API failure. */
function named(action: string, parse: () => Page): Page {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "MalformedResponse") throw error;
    const message = formatApiMessage(action, error.code, error.message, error.requestId);
    throw new ApiError(message, error.code, error.requestId, error.retryable);
  }
}

function v3Source(connection: ResolvedConnection, instanceId: string, status: number[]): PageSource {
  const client = createV3Client(connection);
  return {
    action: "DescribeInstanceBackups",
    async fetchPage(span, offset, limit) {
      const { begin, end } = spanTimes(span);
      const request = {
        InstanceId: instanceId,
        Limit: limit,
        Offset: offset,
        ...(begin ? { BeginTime: begin } : {}),
        ...(end ? { EndTime: end } : {}),
        Status: status,
      };
      // Parsed inside the client's retry loop: a body that fails the domain's checks is fetched again.
      return client.describeInstanceBackups(request, (response) =>
        named(this.action, () => parseV3Response({ Response: response }, instanceId)),
      );
    },
  };
}

function legacySource(connection: ResolvedConnection, instanceId: string): PageSource {
  const client = createLegacyClient(connection);
  return {
    action: "GetRedisBackupList",
    async fetchPage(span, offset, limit) {
      const { begin, end } = spanTimes(span);
      const request = { redisId: instanceId, limit, offset, beginTime: begin, endTime: end };
      return client.getRedisBackupList(request, (body) =>
        named(this.action, () => parseLegacyResponse(body, instanceId)),
      );
    },
  };
}
