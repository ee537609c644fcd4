/**
 * The fault matrix: every fault the emulator can inject, through the real lookup path (lean TC3 client, paging,
 * retries), with its documented outcome: recovered with exactly the right answer, or a clear error with exit
 * code 4. Never a wrong pick. docs/RELIABILITY.md lists the same table.
 */
import { findLatestBackup } from "../../src/api";
import { parseCriteria } from "../../src/backups/criteria";
import { ApiError, type CrsBackupError } from "../../src/backups/errors";
import { formatApiTime } from "../../src/backups/time";
import {
  EMULATOR_SECRET_ID,
  EMULATOR_SECRET_KEY,
  type Fault,
  type RunningEmulator,
  startEmulator,
  type V3Row,
} from "../../src/emulator";

const NOW = Date.now();
const INSTANCE = "crs-fault001";
const ROWS = 250; // three pages, so mid-listing faults land between pages

/** Newest first: row-0 is the newest system backup; every third row is manual. */
const seedRows: V3Row[] = Array.from({ length: ROWS }, (_, i) => ({
  BackupId: `row-${i}`,
  StartTime: formatApiTime(NOW - 60_000 * (i + 1)),
  EndTime: formatApiTime(NOW - 60_000 * (i + 1) + 30_000),
  BackupType: i % 3 === 1 ? "0" : "1",
  Status: 2,
  Locked: 0,
}));
/** The right answer, computed from the seed alone. */
const EXPECTED = "row-0";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      instances: [
        { instanceId: INSTANCE, region: "ap-guangzhou", backups: seedRows },
        { instanceId: "crs-empty001", region: "ap-guangzhou", backups: [] },
      ],
    },
  });
});
afterEach(() => emulator.clearFaults());
afterAll(async () => {
  await emulator.close();
});

function lookup(instanceId = INSTANCE) {
  return findLatestBackup({
    instanceId,
    criteria: parseCriteria({ type: "system", maxAge: "7d" }, NOW),
    nowMs: NOW,
    connection: {
      region: "ap-guangzhou",
      endpoint: emulator.url,
      env: {},
      credentials: { secretId: EMULATOR_SECRET_ID, secretKey: EMULATOR_SECRET_KEY },
      // Well above a loopback answer on a loaded machine, so "always fails" rows end on the fault, not a timeout.
      requestTimeoutMs: 1_000,
      retryBudgetMs: 5_000,
      maxRequestsPerSecond: 0,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    },
  });
}

type Outcome = { recovers: true } | { fails: RegExp; code?: string };

/** The matrix: the fault, and what it must lead to. */
const MATRIX: [string, Fault, Outcome][] = [
  ["HTTP 500 once", { kind: "http500" }, { recovers: true }],
  ["HTTP 500 always", { kind: "http500", times: Infinity }, { fails: /HTTP 500/ }],
  ["InternalError twice", { kind: "internalError", times: 2 }, { recovers: true }],
  [
    "InternalError always",
    { kind: "internalError", times: Infinity },
    { fails: /InternalError/, code: "InternalError" },
  ],
  ["FailedOperation.SystemError once", { kind: "systemError" }, { recovers: true }],
  ["a burst of RequestLimitExceeded", { kind: "requestLimitExceeded", times: 5 }, { recovers: true }],
  [
    "RequestLimitExceeded always",
    { kind: "requestLimitExceeded", times: Infinity },
    { fails: /RequestLimitExceeded/, code: "RequestLimitExceeded" },
  ],
  ["a response slower than the timeout", { kind: "slow", delayMs: 3_000 }, { recovers: true }],
  ["a hanging connection", { kind: "hang" }, { recovers: true }],
  ["connections that always hang", { kind: "hang", times: Infinity }, { fails: /timeout/ }],
  ["malformed JSON once", { kind: "malformed" }, { recovers: true }],
  [
    "malformed JSON always",
    { kind: "malformed", times: Infinity },
    { fails: /MalformedResponse/, code: "MalformedResponse" },
  ],
  ["truncated JSON on page 2", { kind: "truncated", after: 1 }, { recovers: true }],
  ["an empty 200 body", { kind: "emptyBody" }, { recovers: true }],
  [
    "permission denied (not retried)",
    { kind: "permissionDenied" },
    {
      fails: /NoCAMAuthed.*grant the CAM action redis:DescribeInstanceBackups/,
      code: "UnauthorizedOperation.NoCAMAuthed",
    },
  ],
  ["TotalCount changing mid-listing once", { kind: "totalCountDrift", after: 1 }, { recovers: true }],
  [
    "TotalCount changing at every listing",
    { kind: "totalCountDrift", after: 1, times: Infinity },
    { fails: /InconsistentListing/, code: "InconsistentListing" },
  ],
  ["duplicate rows across pages once", { kind: "duplicateRows", after: 1 }, { recovers: true }],
  // Identical duplicates are deduped by BackupId: the listing stays complete and consistent.
  [
    "duplicate rows across pages always",
    { kind: "duplicateRows", after: 1, times: Infinity },
    { recovers: true },
  ],
  ["a row with missing fields once", { kind: "missingFields", after: 2 }, { recovers: true }],
  [
    "rows with missing fields always",
    { kind: "missingFields", times: Infinity },
    { fails: /MalformedResponse.*no BackupId/, code: "MalformedResponse" },
  ],
  ["a null BackupSet with TotalCount > 0", { kind: "nullSet" }, { recovers: true }],
  // A row of another instance is never ours: no retry can make it so, and picking it would restore the wrong data.
  [
    "a row of another instance",
    { kind: "foreignRow" },
    {
      fails: /MalformedResponse.*belongs to InstanceId "crs-foreign1", not "crs-fault001"/,
      code: "MalformedResponse",
    },
  ],
];

describe("fault matrix", () => {
  it.each(MATRIX)("%s", async (_name, fault, outcome) => {
    emulator.injectFault({ ...fault, action: "DescribeInstanceBackups" });
    if ("recovers" in outcome) {
      const result = await lookup();
      expect(result.pick?.backupId).toBe(EXPECTED);
      expect(result.totalCount).toBe(ROWS);
      return;
    }
    const error = await lookup().then(
      (result) => new Error(`expected a failure, got ${result.pick?.backupId}`),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as CrsBackupError).exitCode).toBe(4);
    expect((error as Error).message).toMatch(outcome.fails);
    expect((error as Error).message).not.toContain("\n");
    if (outcome.code) expect((error as ApiError).code).toBe(outcome.code);
  });

  it.each([
    ["a body that is not JSON", "malformed"],
    ["a body that fails the row checks", "missingFields"],
  ] as const)("retries %s in one loop: at most 10 attempts of the page, not retries of retries", async (_name, kind) => {
    const before = emulator.requestLog.length;
    emulator.injectFault({ kind, times: Infinity, action: "DescribeInstanceBackups" });
    await expect(lookup()).rejects.toThrow(/MalformedResponse/);
    expect(emulator.requestLog.length - before).toBe(10);
  });

  it("reports an unknown BackupType code and never picks that row", async () => {
    emulator.injectFault({ kind: "unknownType", action: "DescribeInstanceBackups", times: 3 });
    const result = await lookup();
    expect(result.diagnostics).toContain('unknown type code "7"');
    // The corrupted row (the first of each page) may have been row-0: then row-2, the next system backup, is right.
    expect(["row-0", "row-2"]).toContain(result.pick?.backupId);
    const corrupted = result.pick?.backupId === "row-2";
    if (corrupted) expect(result.diagnostics).toMatch(/1 unknown type code "7"|unknown type code "7"/);
  });

  it("answers an empty list with no match and the diagnostics (exit 3 at the surfaces)", async () => {
    const result = await lookup("crs-empty001");
    expect(result.pick).toBeUndefined();
    expect(result.diagnostics).toBe("0 backups in window; no usable system backup");
  });
});
