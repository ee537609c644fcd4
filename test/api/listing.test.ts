import { listSpan, mapBounded } from "../../src/api/listing";
import type { Page, PageSource } from "../../src/api/page-source";
import { ApiError } from "../../src/backups/errors";
import type { BackupRecord, TimeWindow } from "../../src/backups/model";

function row(i: number, remark = ""): BackupRecord {
  return {
    backupId: `b-${i}`,
    instanceId: "crs-1",
    startTime: "2026-01-01 02:00:00",
    startTimeRfc3339: "2026-01-01T02:00:00+08:00",
    startEpochMs: 1767204000000 + i,
    endTime: "",
    type: "system",
    rawType: "1",
    status: 2,
    locked: false,
    remark,
    fileType: "RDB",
    expireTime: "",
  };
}

/** A paging source over an in-memory list; `tamper` may rewrite a page to simulate a changing server. */
function source(
  rows: BackupRecord[],
  tamper?: (call: number, offset: number, page: Page) => Page,
): PageSource & { calls: number[]; limits: number[] } {
  const calls: number[] = [];
  const limits: number[] = [];
  return {
    action: "DescribeInstanceBackups",
    calls,
    limits,
    async fetchPage(_span: TimeWindow, offset: number, limit: number) {
      calls.push(offset);
      limits.push(limit);
      const page = { totalCount: rows.length, records: rows.slice(offset, offset + limit) };
      return tamper ? tamper(calls.length, offset, page) : page;
    },
  };
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

describe("listSpan", () => {
  it("reads 250 rows in 3 calls at offsets 0, 100, 200", async () => {
    const src = source(rows(250));
    const listing = await listSpan(src, {});
    expect(listing.records).toHaveLength(250);
    expect(listing.apiCalls).toBe(3);
    expect([...src.calls].sort((a, b) => a - b)).toEqual([0, 100, 200]);
  });

  it("asks for pages of what the first page held when a server keeps pages shorter than Limit", async () => {
    const capped = (_call: number, _offset: number, page: Page) => ({
      ...page,
      records: page.records.slice(0, 50),
    });
    const src = source(rows(250), capped);
    const listing = await listSpan(src, {});
    expect(listing.records.map((r) => r.backupId)).toEqual(rows(250).map((r) => r.backupId));
    expect([...src.calls].sort((a, b) => a - b)).toEqual([0, 50, 100, 150, 200]);
    // Offset stays a multiple of Limit, as the API requires (TENCENT-FACTS): later pages ask for 50.
    expect(src.limits).toEqual([100, 50, 50, 50, 50]);
  });

  it("names the short page when a later page holds fewer rows than its place calls for", async () => {
    const src = source(rows(250), (_call, offset, page) =>
      offset === 100 ? { ...page, records: page.records.slice(0, 60) } : page,
    );
    const error = await listSpan(src, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "InconsistentListing" });
    expect((error as Error).message).toContain(
      "210 distinct backups for TotalCount 250 (the page at Offset 100 held 60 rows, not 100) (twice)",
    );
  });

  it("makes one call for an empty span", async () => {
    const listing = await listSpan(source([]), {});
    expect(listing).toEqual({ records: [], apiCalls: 1 });
  });

  it("re-lists once when TotalCount changes between pages, and succeeds when the second read is stable", async () => {
    const src = source(rows(150), (call, _offset, page) =>
      call === 2 ? { ...page, totalCount: 151 } : page,
    );
    const listing = await listSpan(src, {});
    expect(listing.records).toHaveLength(150);
    expect(listing.apiCalls).toBe(4);
  });

  it.each([
    ["TotalCount changes", (_c: number, o: number, p: Page) => (o === 100 ? { ...p, totalCount: 151 } : p)],
    [
      "a page repeats rows (fewer unique than TotalCount)",
      (_c: number, o: number, p: Page) => (o === 100 ? { ...p, records: rows(50) } : p),
    ],
    [
      "an id comes back with different content",
      (_c: number, o: number, p: Page) =>
        o === 100 ? { ...p, records: [row(0, "changed"), ...p.records.slice(1)] } : p,
    ],
  ])("fails with InconsistentListing when %s on both reads", async (_label, tamper) => {
    const src = source(rows(150), tamper);
    const error = await listSpan(src, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("InconsistentListing");
    expect((error as ApiError).exitCode).toBe(4);
    expect(src.calls).toHaveLength(4);
  });

  it("propagates an API error from any page", async () => {
    const src = source(rows(300), (_c, offset, page) => {
      if (offset === 200) throw new ApiError("x", "AuthFailure");
      return page;
    });
    await expect(listSpan(src, {})).rejects.toMatchObject({ code: "AuthFailure" });
  });
});

describe("mapBounded", () => {
  it("keeps order and never exceeds the concurrency limit", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });
});
