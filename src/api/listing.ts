/**
 * Lists every row of one span: Limit 100 from Offset 0, then the remaining pages concurrently
 * (the throttle bounds the rate). Rows are deduped by BackupId; an inconsistent listing is re-read
 * once and then reported as an ApiError, never guessed at.
 */
import { ApiError } from "../backups/errors";
import type { BackupRecord, TimeWindow } from "../backups/model";
import type { ApiEventListener } from "./events";
import type { Page, PageSource } from "./page-source";

/** The API's maximum page size. */
export const PAGE_LIMIT = 100;
/** Pages fetched at once after the first (the throttle also bounds the rate). */
const PAGE_CONCURRENCY = 8;
/** Stops a server whose TotalCount never ends from making us page forever. */
const MAX_PAGES_PER_SPAN = 10_000;

/** The rows of one span and what it cost. */
export interface SpanListing {
  readonly records: readonly BackupRecord[];
  readonly apiCalls: number;
}

class Inconsistent extends Error {}

/** Lists one span; re-lists once when pages disagree, then fails with code InconsistentListing. */
export async function listSpan(
  source: PageSource,
  span: TimeWindow,
  onEvent?: ApiEventListener,
): Promise<SpanListing> {
  let apiCalls = 0;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const counter = { calls: 0 };
    try {
      const records = await readSpanOnce(source, span, counter, onEvent);
      return { records, apiCalls: apiCalls + counter.calls };
    } catch (error) {
      apiCalls += counter.calls;
      if (!(error instanceof Inconsistent)) throw error;
      if (attempt === 2) {
        throw new ApiError(
          `${source.action} failed: InconsistentListing: ${error.message} (twice); the backup list changed while it was read, or the server pages differently than asked; try again`,
          "InconsistentListing",
          undefined,
          false,
        );
      }
    }
  }
  /* c8 ignore next */
  throw new Error("unreachable");
}

async function readSpanOnce(
  source: PageSource,
  span: TimeWindow,
  counter: { calls: number },
  onEvent?: ApiEventListener,
): Promise<BackupRecord[]> {
  const fetch = async (offset: number, limit: number): Promise<Page> => {
    counter.calls++;
    const page = await source.fetchPage(span, offset, limit);
    onEvent?.({ kind: "page", action: source.action });
    return page;
  };
  const first = await fetch(0, PAGE_LIMIT);
  const total = first.totalCount;
  const step = pageStep(first, total);
  const pageCount = Math.ceil(total / step);
  if (pageCount > MAX_PAGES_PER_SPAN) {
    throw new Inconsistent(`TotalCount ${total} in pages of ${step} rows is beyond any real listing`);
  }
  const offsets = Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => (i + 1) * step);
  const rest = await mapBounded(offsets, PAGE_CONCURRENCY, (offset) => fetch(offset, step));
  const pages = [first, ...rest];
  for (const page of pages) {
    if (page.totalCount !== total)
      throw new Inconsistent(`TotalCount changed from ${total} to ${page.totalCount}`);
  }
  const unique = dedupe(pages.flatMap((page) => page.records));
  if (unique.length !== total) {
    throw new Inconsistent(
      `${unique.length} distinct backups for TotalCount ${total}${shortPage(pages, step, total)}`,
    );
  }
  return unique;
}

/**
 * Rows per page: Limit, unless the first page held fewer while more exist. Nothing documents a server keeping
 * pages shorter than Limit asks, and nothing forbids it; later pages then ask for that many rows (Offset must be a
 * multiple of Limit), which costs more calls against such a server, and the count of distinct rows still checks
 * the result.
 */
function pageStep(first: Page, total: number): number {
  const served = first.records.length;
  return served > 0 && served < Math.min(PAGE_LIMIT, total) ? served : PAGE_LIMIT;
}

/** Names the first page that held fewer rows than its place in the listing calls for ("" when none did). */
function shortPage(pages: readonly Page[], step: number, total: number): string {
  const index = pages.findIndex((page, i) => page.records.length < Math.min(step, total - i * step));
  if (index < 0) return "";
  const expected = Math.min(step, total - index * step);
  return ` (the page at Offset ${index * step} held ${pages[index]!.records.length} rows, not ${expected})`;
}

/**
 * Dedupes by BackupId; the same id with different content means the listing cannot be trusted. Contents are
 * compared only when an id repeats (serializing every record cost a 10,000-row listing ~30 ms and its garbage).
 */
function dedupe(records: readonly BackupRecord[]): BackupRecord[] {
  const byId = new Map<string, BackupRecord>();
  for (const record of records) {
    const seen = byId.get(record.backupId);
    if (!seen) byId.set(record.backupId, record);
    else if (JSON.stringify(seen) !== JSON.stringify(record))
      throw new Inconsistent(`backup ${record.backupId} came back with different content`);
  }
  return [...byId.values()];
}

/** Maps with at most `limit` calls in flight; results keep the input order. Fails fast on the first error. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
