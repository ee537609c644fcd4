/**
 * Response parsers of both API dialects into BackupRecords. A body we cannot trust (wrong shape, missing
 * required field, impossible time) is an ApiError with code `MalformedResponse`: never a guess.
 */
import { typeFromCode } from "./codes";
import { ApiError } from "./errors";
import type { BackupRecord } from "./model";
import { apiTimeToRfc3339, parseApiTime, UNSET_API_TIME } from "./time";

/** One parsed page of either dialect. */
export interface ParsedPage {
  /** The total the server reports for the whole query (all pages). */
  readonly totalCount: number;
  readonly records: readonly BackupRecord[];
  readonly requestId?: string;
}

type Json = Record<string, unknown>;

/** Server text is untrusted: one line, bounded length. */
function oneLine(text: unknown): string {
  return String(text ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}

/** Retryable by default: a body cut short by a proxy may come whole the next time. */
function malformed(what: string, requestId?: string, retryable = true): ApiError {
  return new ApiError(`malformed API response: ${oneLine(what)}`, "MalformedResponse", requestId, retryable);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a field that may be sent as a string or a number; undefined when absent. */
function text(row: Json, key: string): string | undefined {
  const value = row[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** An optional time field: "" when absent, empty or the API's "not set" value. */
function optionalTime(row: Json, key: string): string {
  const value = text(row, key) ?? "";
  return value === UNSET_API_TIME ? "" : value;
}

function integer(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : undefined;
}

/** Field names of one dialect (PascalCase for 3.0, camelCase for 2.0). */
interface Fields {
  readonly backupId: string;
  readonly instanceId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly type: string;
  readonly status: string;
  readonly locked: string;
  readonly remark: string;
  readonly size: string;
  readonly fileType: string;
  readonly expireTime: string;
}

const V3_FIELDS: Fields = {
  backupId: "BackupId",
  instanceId: "InstanceId",
  startTime: "StartTime",
  endTime: "EndTime",
  type: "BackupType",
  status: "Status",
  locked: "Locked",
  remark: "Remark",
  size: "BackupSize",
  fileType: "FileType",
  expireTime: "ExpireTime",
};

const LEGACY_FIELDS: Fields = {
  backupId: "backupId",
  instanceId: "redisId",
  startTime: "startTime",
  endTime: "endTime",
  type: "backupType",
  status: "status",
  locked: "locked",
  remark: "remark",
  size: "size",
  fileType: "fileType",
  expireTime: "expireTime",
};

function required(row: Json, key: string, index: number, requestId?: string): string {
  const value = text(row, key);
  if (value === undefined || value === "") throw malformed(`row ${index} has no ${key}`, requestId);
  return value;
}

/**
 * A row that names another instance is never one of ours, whatever else it says: picking it would restore the
 * wrong data. Not retried: the server answered for the wrong instance, and asking again will not change that.
 */
function requireInstance(row: Json, f: Fields, index: number, instanceId: string, requestId?: string): void {
  const named = text(row, f.instanceId);
  if (named && named !== instanceId) {
    throw malformed(
      `row ${index} belongs to ${f.instanceId} "${named}", not "${instanceId}"`,
      requestId,
      false,
    );
  }
}

function parseRow(row: unknown, index: number, f: Fields, instanceId: string, requestId?: string) {
  if (!isObject(row)) throw malformed(`row ${index} is not an object`, requestId);
  requireInstance(row, f, index, instanceId, requestId);
  const backupId = required(row, f.backupId, index, requestId);
  // An id is printed, written to state and passed on a command line: no control characters, as for input ids.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(backupId)) {
    throw malformed(`row ${index} has a ${f.backupId} with control characters`, requestId, false);
  }
  const startTime = required(row, f.startTime, index, requestId);
  const startEpochMs = parseApiTime(startTime);
  if (startEpochMs === undefined)
    throw malformed(`row ${index} has ${f.startTime} "${startTime}"`, requestId);
  const rawType = required(row, f.type, index, requestId);
  const status = integer(row[f.status]);
  if (status === undefined) throw malformed(`row ${index} has no integer ${f.status}`, requestId);
  const locked = integer(row[f.locked]);
  if (locked !== 0 && locked !== 1)
    throw malformed(`row ${index} has ${f.locked} other than 0 or 1`, requestId);
  const endTime = optionalTime(row, f.endTime);
  const endEpochMs = endTime === "" ? undefined : parseApiTime(endTime);
  if (endTime !== "" && endEpochMs === undefined) {
    throw malformed(`row ${index} has ${f.endTime} "${endTime}"`, requestId);
  }
  const size = integer(row[f.size]);
  const record: BackupRecord = {
    backupId,
    instanceId,
    startTime,
    startTimeRfc3339: apiTimeToRfc3339(startTime),
    startEpochMs,
    endTime,
    ...(endEpochMs === undefined ? {} : { endEpochMs }),
    type: typeFromCode(rawType),
    rawType,
    status,
    locked: locked === 1,
    remark: text(row, f.remark) ?? "",
    ...(size === undefined ? {} : { size }),
    fileType: text(row, f.fileType) ?? "",
    expireTime: optionalTime(row, f.expireTime),
  };
  return record;
}

function parseRows(set: unknown, totalCount: number, f: Fields, instanceId: string, requestId?: string) {
  if (set === undefined || set === null) {
    if (totalCount > 0) throw malformed(`no backup set but TotalCount ${totalCount}`, requestId);
    return [];
  }
  if (!Array.isArray(set)) throw malformed("the backup set is not an array", requestId);
  return set.map((row, index) => parseRow(row, index, f, instanceId, requestId));
}

/**
 * Parses an API 3.0 `DescribeInstanceBackups` body `{ Response: {...} }` for `instanceId` (the instance asked
 * for; a row naming another one is malformed). Accepts `BackupSet` and `RedisBackupSet`. A `Response.Error`
 * becomes an ApiError carrying its code and RequestId.
 */
export function parseV3Response(body: unknown, instanceId: string): ParsedPage {
  if (!isObject(body) || !isObject(body.Response)) throw malformed("no Response object");
  const response = body.Response;
  const requestId = typeof response.RequestId === "string" ? response.RequestId : undefined;
  if (isObject(response.Error)) {
    const code = oneLine(response.Error.Code) || "UnknownError";
    throw new ApiError(`${code}: ${oneLine(response.Error.Message)}`, code, requestId, false);
  }
  const totalCount = integer(response.TotalCount);
  if (totalCount === undefined || totalCount < 0) throw malformed("no TotalCount", requestId);
  const set = response.BackupSet ?? response.RedisBackupSet;
  const records = parseRows(set, totalCount, V3_FIELDS, instanceId, requestId);
  return { totalCount, records, ...(requestId ? { requestId } : {}) };
}

/**
 * Parses a legacy 2.0 `GetRedisBackupList` body for `instanceId`. A non-zero `code` becomes an ApiError; rows
 * may carry no instance id (`redisId`), and then `instanceId` fills it; a row naming another one is malformed.
 */
export function parseLegacyResponse(body: unknown, instanceId: string): ParsedPage {
  if (!isObject(body)) throw malformed("the body is not a JSON object");
  const code = integer(body.code);
  if (code === undefined) throw malformed("no code in the legacy envelope");
  if (code !== 0) {
    const codeDesc = oneLine(body.codeDesc) || String(code);
    throw new ApiError(`${codeDesc}: ${oneLine(body.message)}`, codeDesc, undefined, false);
  }
  const totalCount = integer(body.totalCount);
  if (totalCount === undefined || totalCount < 0) throw malformed("no totalCount");
  const data = body.data;
  if (data !== undefined && data !== null && !isObject(data)) throw malformed("data is not an object");
  const records = parseRows(data?.redisBackupSet, totalCount, LEGACY_FIELDS, instanceId);
  return { totalCount, records };
}
