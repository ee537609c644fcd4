/**
 * Properties of selection (fast-check): the pick is usable, in the window and of the asked type; no usable row
 * is newer; row order never changes the answer; pinning returns exactly the pinned backup or nothing.
 */
import fc from "fast-check";
import type { SelectionCriteria } from "../../src/backups/model";
import { compareNewestFirst, exclusionReason, selectLatest } from "../../src/backups/select";
import { criteria, HOUR, NOW, records, v3Row } from "./rows";

const rowArb = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
    ageHours: fc.integer({ min: 0, max: 24 * 40 }),
    type: fc.constantFrom("0", "1", "2", "7"),
    status: fc.constantFrom(-1, 1, 2, 3, 4),
    locked: fc.constantFrom<0 | 1>(0, 0, 0, 1),
    endOffset: fc.integer({ min: 0, max: 3 }),
  })
  .map((r) =>
    v3Row(r.id, NOW - r.ageHours * HOUR, r.type, {
      status: r.status,
      locked: r.locked,
      endMs: NOW - r.ageHours * HOUR + r.endOffset * 60_000,
    }),
  );

const rowsArb = fc
  .uniqueArray(rowArb, { selector: (r) => r.BackupId, maxLength: 40 })
  .map((rows) => records(...rows));

const criteriaArb: fc.Arbitrary<SelectionCriteria> = fc
  .record({
    type: fc.constantFrom("any", "manual", "system", "specChange"),
    from: fc.integer({ min: 0, max: 24 * 40 }),
    length: fc.option(fc.integer({ min: 0, max: 24 * 40 })),
    statuses: fc.subarray([-1, 1, 2, 3, 4], { minLength: 1 }),
    includeLocked: fc.boolean(),
  })
  .map((c) =>
    criteria({
      type: c.type as SelectionCriteria["type"],
      window:
        c.length === null ? {} : { beginMs: NOW - (c.from + c.length) * HOUR, endMs: NOW - c.from * HOUR },
      statuses: c.statuses,
      includeLocked: c.includeLocked,
    }),
  );

describe("selection properties", () => {
  it("picks a usable row of the asked type inside the window, and none usable is newer", () => {
    fc.assert(
      fc.property(rowsArb, criteriaArb, (rows, c) => {
        const { pick, matchedCount } = selectLatest(rows, c);
        const usable = rows.filter((r) => exclusionReason(r, c) === undefined);
        expect(matchedCount).toBe(usable.length);
        if (!pick) return usable.length === 0;
        expect(exclusionReason(pick, c)).toBeUndefined();
        if (c.type !== "any") expect(pick.type).toBe(c.type);
        if (c.window.beginMs !== undefined)
          expect(pick.startEpochMs).toBeGreaterThanOrEqual(c.window.beginMs);
        if (c.window.endMs !== undefined) expect(pick.startEpochMs).toBeLessThanOrEqual(c.window.endMs);
        return usable.every((r) => compareNewestFirst(pick, r) <= 0);
      }),
      { numRuns: 300 },
    );
  });

  it("never depends on row order", () => {
    fc.assert(
      fc.property(rowsArb, criteriaArb, fc.infiniteStream(fc.nat()), (rows, c, seeds) => {
        const shuffled = [...rows].sort(() => (seeds.next().value % 3) - 1);
        expect(selectLatest(shuffled, c).pick?.backupId).toBe(selectLatest(rows, c).pick?.backupId);
      }),
      { numRuns: 300 },
    );
  });

  it("with a pin, returns exactly the pinned backup or nothing", () => {
    fc.assert(
      fc.property(rowsArb, criteriaArb, fc.nat(), (rows, c, index) => {
        const id = rows.length > 0 && index % 4 !== 0 ? rows[index % rows.length].backupId : "absent-id";
        const pinned = { ...c, backupId: id };
        const { pick } = selectLatest(rows, pinned);
        const target = rows.find((r) => r.backupId === id);
        if (target && exclusionReason(target, pinned) === undefined) expect(pick).toBe(target);
        else expect(pick).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
