import type { ConnectionOptions } from "../../src/api/connection";
import { findLatestBackup, listInstanceBackups } from "../../src/api/lookup";
import type { SelectionCriteria } from "../../src/backups/model";
import { startBackupServer, type V3Row, v3Row } from "./backup-server";

const credentials = { secretId: "AKIDEMULATOR00000000", secretKey: "emulator-secret-key-not-a-real-one" };
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** 2026-03-01 12:00:00 Beijing. */
const NOW = Date.UTC(2026, 2, 1, 4, 0, 0);

/** API wall clock (UTC+8) for an epoch. */
function wall(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 19).replace("T", " ");
}

function criteria(overrides: Partial<SelectionCriteria> = {}): SelectionCriteria {
  return {
    type: "any",
    window: { beginMs: NOW - 65 * DAY, endMs: NOW },
    statuses: [2, 4],
    includeLocked: false,
    ...overrides,
  };
}

describe("findLatestBackup / listInstanceBackups over loopback (real SDK)", () => {
  let server: Awaited<ReturnType<typeof startBackupServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function connect(rows: V3Row[], api: "v3" | "legacy" = "v3"): Promise<ConnectionOptions> {
    server = await startBackupServer(rows);
    return {
      region: "ap-guangzhou",
      endpoint: server.url,
      credentials,
      env: {},
      api,
      maxRequestsPerSecond: 0,
    };
  }

  it("pages 250 rows of one span in 3 calls and picks the latest", async () => {
    const rows = Array.from({ length: 250 }, (_, i) => v3Row(`b-${i}`, wall(NOW - (i + 1) * 60_000)));
    const connection = await connect(rows);
    const outcome = await findLatestBackup({
      instanceId: "crs-1",
      criteria: criteria({ window: { beginMs: NOW - DAY, endMs: NOW } }),
      connection,
      nowMs: NOW,
    });
    expect(outcome.pick?.backupId).toBe("b-0");
    expect(outcome.apiCalls).toBe(3);
    expect(outcome.spansQueried).toBe(1);
    expect(outcome.totalCount).toBe(250);
  });

  it('lists a running backup whose EndTime is the API\'s "not set" 0000-00-00 00:00:00, and picks the newest usable', async () => {
    const running = v3Row("running", wall(NOW - HOUR), { Status: 1, EndTime: "0000-00-00 00:00:00" });
    const connection = await connect([running, v3Row("done", wall(NOW - DAY))]);
    const outcome = await findLatestBackup({
      instanceId: "crs-1",
      criteria: criteria(),
      connection,
      nowMs: NOW,
    });
    expect(outcome.pick?.backupId).toBe("done");
    expect(outcome.totalCount).toBe(2);
  });

  it("always sends the Status filter with every requested status", async () => {
    const connection = await connect([v3Row("b", wall(NOW - HOUR))]);
    await findLatestBackup({ instanceId: "crs-1", criteria: criteria(), connection, nowMs: NOW });
    expect(server!.statusFilters[0]).toEqual([-1, 1, 2, 3, 4]);
  });

  it("splits a 65-day window into 3 spans, newest first, and stops at the first with a usable match", async () => {
    const connection = await connect([v3Row("new", wall(NOW - 2 * DAY)), v3Row("old", wall(NOW - 60 * DAY))]);
    const early = await findLatestBackup({
      instanceId: "crs-1",
      criteria: criteria(),
      connection,
      nowMs: NOW,
    });
    expect(early.pick?.backupId).toBe("new");
    expect(early.spansQueried).toBe(1);
  });

  it("walks every span when only the oldest holds a usable backup", async () => {
    const connection = await connect([
      v3Row("old", wall(NOW - 62 * DAY)),
      v3Row("expired", wall(NOW - DAY), { Status: -1 }),
    ]);
    const outcome = await findLatestBackup({
      instanceId: "crs-1",
      criteria: criteria(),
      connection,
      nowMs: NOW,
    });
    expect(outcome.pick?.backupId).toBe("old");
    expect(outcome.spansQueried).toBe(3);
    expect(outcome.totalCount).toBe(2);
  });

  it("stops at the span containing a pinned id", async () => {
    const connection = await connect([
      v3Row("newer", wall(NOW - DAY)),
      v3Row("pinned", wall(NOW - 40 * DAY)),
    ]);
    const outcome = await findLatestBackup({
      instanceId: "crs-1",
      criteria: criteria({ backupId: "pinned" }),
      connection,
      nowMs: NOW,
    });
    expect(outcome.pick?.backupId).toBe("pinned");
    expect(outcome.spansQueried).toBe(2);
  });

  it("lists every row once even when one sits on a span boundary", async () => {
    const rows = Array.from({ length: 66 }, (_, i) => v3Row(`d-${i}`, wall(NOW - i * DAY)));
    const connection = await connect(rows);
    const listing = await listInstanceBackups({
      instanceId: "crs-1",
      criteria: criteria(),
      connection,
      nowMs: NOW,
    });
    const ids = listing.records.map((r) => r.backupId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(66);
    expect(listing.spansQueried).toBe(3);
  });

  it("uses the legacy dialect with record-offset paging and client-side status filtering", async () => {
    const rows = Array.from({ length: 120 }, (_, i) =>
      v3Row(`l-${i}`, wall(NOW - (i + 1) * HOUR), { Status: i === 0 ? -1 : 2 }),
    );
    const connection = await connect(rows, "legacy");
    const outcome = await findLatestBackup({
      instanceId: "crs-1",
      criteria: criteria({ window: { beginMs: NOW - 10 * DAY, endMs: NOW } }),
      connection,
      nowMs: NOW,
    });
    expect(outcome.pick?.backupId).toBe("l-1");
    expect(outcome.apiCalls).toBe(2);
    const offsets = server!.requests.map((r) => new URL(r.url, "http://x").searchParams.get("offset")).sort();
    expect(offsets).toEqual(["0", "100"]);
  });
});
