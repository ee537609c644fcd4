/** From a validated query to a result map: criteria, connection, lookup, pick or on_none. */
import { findLatestBackup } from "../api/lookup";
import { type FieldLabel, parseCriteria, parseInstanceId } from "../backups/criteria";
import { InvalidInputError } from "../backups/errors";
import { requirePick } from "../backups/select";
import type { Query } from "./protocol";
import { emptyResult, foundResult, type ResultMap } from "./result";

/** Criteria fields spelled as query keys, so errors name what the stack's query holds. */
const QUERY_KEY_OF: Readonly<Record<string, string>> = {
  type: "backup_type",
  beginTime: "begin_time",
  endTime: "end_time",
  maxAge: "max_age",
  includeLocked: "include_locked",
  backupId: "backup_id",
};
const queryLabel: FieldLabel = (field) => QUERY_KEY_OF[field] ?? field;

function oneOf<T extends string>(query: Query, key: "on_none" | "api", values: readonly T[], fallback: T): T {
  const value = query[key];
  if (value === undefined || value === "") return fallback;
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new InvalidInputError(key, `${key}: "${value}" is not valid; use ${values.join(" or ")}`);
}

/** Resolves the query against the API. Credentials come from `env` only, never from the query. */
export async function resolveQuery(
  query: Query,
  env: NodeJS.ProcessEnv,
  nowMs = Date.now(),
): Promise<ResultMap> {
  const instanceId = parseInstanceId(query.instance_id, "instance_id");
  const onNone = oneOf(query, "on_none", ["fail", "empty"], "fail");
  const api = oneOf(query, "api", ["v3", "legacy"], "v3");
  const criteria = parseCriteria(
    {
      type: query.backup_type,
      beginTime: query.begin_time,
      endTime: query.end_time,
      maxAge: query.max_age,
      statuses: query.statuses,
      includeLocked: query.include_locked,
      backupId: query.backup_id,
    },
    nowMs,
    queryLabel,
  );
  const outcome = await findLatestBackup({
    instanceId,
    criteria,
    nowMs,
    connection: { region: query.region || undefined, endpoint: query.endpoint || undefined, api, env },
  });
  if (!outcome.pick && onNone === "empty") return emptyResult(outcome);
  return foundResult(requirePick(outcome, criteria, instanceId), outcome);
}
