/**
 * The lookup orchestrator: split the window into spans of at most 30 days (newest first), list each
 * span completely, and stop at the first span that yields a usable match (for a pin: contains it).
 */
import type { BackupRecord, SelectionCriteria, SelectionResult, TimeWindow } from "../backups/model";
import { selectLatest } from "../backups/select";
import { splitWindow } from "../backups/time";
import { type ConnectionOptions, resolveConnection } from "./connection";
import { listSpan } from "./listing";
import { createPageSource, type PageSource } from "./page-source";

/** What a lookup needs. `nowMs` (default Date.now()) closes a window with an open end. */
export interface LookupRequest {
  readonly instanceId: string;
  readonly criteria: SelectionCriteria;
  readonly connection?: ConnectionOptions;
  readonly nowMs?: number;
}

/** The selection plus what it cost. */
export type LookupOutcome = SelectionResult & {
  /** API requests made (pages, including re-lists; not counting retries). */
  readonly apiCalls: number;
  /** Spans listed before stopping. */
  readonly spansQueried: number;
};

/** Every row of the window, deduped, and what it cost. */
export interface ListingOutcome {
  readonly records: readonly BackupRecord[];
  readonly apiCalls: number;
  readonly spansQueried: number;
}

/** Spans to list, newest first. A window with no ends is one unbounded request (the server's retention). */
function spansFor(window: TimeWindow, nowMs: number): TimeWindow[] {
  if (window.beginMs === undefined) return [window];
  const spans = splitWindow(window, nowMs);
  return spans.length > 0 ? [...spans] : [window];
}

/**
 * Finds the latest usable backup. Never throws for "no match" (callers decide with `requirePick`);
 * throws InvalidInputError for bad configuration and ApiError when the API fails after retries.
 */
export async function findLatestBackup(request: LookupRequest): Promise<LookupOutcome> {
  const { criteria } = request;
  const source = await sourceFor(request);
  const seen = new Map<string, BackupRecord>();
  let apiCalls = 0;
  let spansQueried = 0;
  let result: SelectionResult = selectLatest([], criteria);
  for (const span of spansFor(criteria.window, request.nowMs ?? Date.now())) {
    const listing = await listSpan(source, span, request.connection?.onEvent);
    apiCalls += listing.apiCalls;
    spansQueried++;
    for (const record of listing.records) if (!seen.has(record.backupId)) seen.set(record.backupId, record);
    result = selectLatest([...seen.values()], criteria);
    if (spanSettles(listing.records, result, criteria)) break;
  }
  return { ...result, apiCalls, spansQueried };
}

/** Lists every row of the window (all spans), deduped by BackupId. */
export async function listInstanceBackups(request: LookupRequest): Promise<ListingOutcome> {
  const source = await sourceFor(request);
  const seen = new Map<string, BackupRecord>();
  let apiCalls = 0;
  let spansQueried = 0;
  for (const span of spansFor(request.criteria.window, request.nowMs ?? Date.now())) {
    const listing = await listSpan(source, span, request.connection?.onEvent);
    apiCalls += listing.apiCalls;
    spansQueried++;
    for (const record of listing.records) if (!seen.has(record.backupId)) seen.set(record.backupId, record);
  }
  return { records: [...seen.values()], apiCalls, spansQueried };
}

async function sourceFor(request: LookupRequest): Promise<PageSource> {
  const connection = await resolveConnection(request.connection);
  return createPageSource(connection, request.instanceId, request.criteria);
}

/**
 * Older spans hold only older backups, so a usable pick ends the search. A pin ends it as soon as a
 * span contains the pinned id, usable or not (selection then says why).
 */
function spanSettles(
  records: readonly BackupRecord[],
  result: SelectionResult,
  criteria: SelectionCriteria,
): boolean {
  if (criteria.backupId !== undefined) return records.some((record) => record.backupId === criteria.backupId);
  return result.pick !== undefined;
}
