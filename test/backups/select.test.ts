import { NoBackupMatchedError } from "../../src/backups/errors";
import { compareNewestFirst, exclusionReason, requirePick, selectLatest } from "../../src/backups/select";
import { formatApiTime } from "../../src/backups/time";
import { criteria, HOUR, NOW, records, v3Row } from "./rows";

const week = records(
  v3Row("sys-1h", NOW - 1 * HOUR, "1"),
  v3Row("sys-25h", NOW - 25 * HOUR, "1"),
  v3Row("sys-expired", NOW - 49 * HOUR, "1", { status: -1 }),
  v3Row("man-3h", NOW - 3 * HOUR, "0"),
  v3Row("man-locked", NOW - 0.5 * HOUR, "0", { locked: 1 }),
  v3Row("spec-10h", NOW - 10 * HOUR, "2"),
  v3Row("odd-type", NOW - 0.2 * HOUR, "7"),
);

describe("selectLatest", () => {
  it("picks the newest usable backup of any known type", () => {
    expect(selectLatest(week, criteria()).pick?.backupId).toBe("sys-1h");
  });

  it("filters by type", () => {
    expect(selectLatest(week, criteria({ type: "manual" })).pick?.backupId).toBe("man-3h");
    expect(selectLatest(week, criteria({ type: "specChange" })).pick?.backupId).toBe("spec-10h");
  });

  it("skips a row past its ExpireTime at the moment given, though the API still lists it as normal", () => {
    const expiring = { ...v3Row("new", NOW - 1 * HOUR, "1"), ExpireTime: formatApiTime(NOW - 60_000) };
    const rows = records(expiring, v3Row("old", NOW - 2 * HOUR, "1"));
    expect(selectLatest(rows, criteria({ usableAt: NOW })).pick?.backupId).toBe("old");
    expect(selectLatest(rows, criteria({ usableAt: NOW })).diagnostics).toContain("1 past its ExpireTime");
    // Without a moment, expiry is not checked.
    expect(selectLatest(rows, criteria()).pick?.backupId).toBe("new");
  });

  it("includes locked rows only when asked", () => {
    expect(selectLatest(week, criteria({ type: "manual", includeLocked: true })).pick?.backupId).toBe(
      "man-locked",
    );
  });

  it("honours the window on StartTime, inclusive", () => {
    const window = { beginMs: NOW - 25 * HOUR, endMs: NOW - 2 * HOUR };
    expect(selectLatest(week, criteria({ type: "system", window })).pick?.backupId).toBe("sys-25h");
  });

  it("explains exclusions by group", () => {
    const result = selectLatest(
      week,
      criteria({ type: "system", window: { beginMs: NOW - 60 * HOUR, endMs: NOW - 26 * HOUR } }),
    );
    expect(result.pick).toBeUndefined();
    expect(result.diagnostics).toBe("1 backup in window (6 outside): 1 expired; no usable system backup");
  });

  it("counts totals and matches", () => {
    const result = selectLatest(week, criteria({ type: "system" }));
    expect(result).toMatchObject({ totalCount: 7, matchedCount: 2 });
    expect(result.diagnostics).toContain('1 unknown type code "7"');
    expect(result.diagnostics).toContain("2 manual");
  });

  it("breaks StartTime ties by EndTime then BackupId, whatever the order", () => {
    const tied = records(
      v3Row("a", NOW, "1", { endMs: NOW + 60_000 }),
      v3Row("b", NOW, "1", { endMs: NOW + 120_000 }),
      v3Row("c", NOW, "1", { endMs: NOW + 120_000 }),
    );
    expect(selectLatest(tied, criteria()).pick?.backupId).toBe("c");
    expect(selectLatest([...tied].reverse(), criteria()).pick?.backupId).toBe("c");
    expect([...tied].sort(compareNewestFirst).map((r) => r.backupId)).toEqual(["c", "b", "a"]);
  });

  it("never picks a row of unknown type, even for any", () => {
    expect(exclusionReason(week[6], criteria())).toBe('unknown type code "7"');
  });
});

describe("pinning", () => {
  it("returns exactly the pinned backup when usable", () => {
    expect(selectLatest(week, criteria({ backupId: "sys-25h" })).pick?.backupId).toBe("sys-25h");
  });

  it("fails naming the id and the reason when it is not usable", () => {
    const result = selectLatest(week, criteria({ backupId: "man-locked" }));
    expect(result.pick).toBeUndefined();
    expect(() => requirePick(result, criteria({ backupId: "man-locked" }), "crs-test0001")).toThrow(
      "no usable pinned backup for crs-test0001: backup man-locked is locked",
    );
  });

  it("names a type mismatch", () => {
    const pinned = criteria({ backupId: "man-3h", type: "system" });
    expect(selectLatest(week, pinned).diagnostics).toBe("backup man-3h is manual, not system");
  });

  it("fails when the id does not exist", () => {
    const result = selectLatest(week, criteria({ backupId: "nope" }));
    expect(result.diagnostics).toMatch(
      /^backup nope not among this instance's backups in the window \(another instance's backups never are\); 7 backups in window/,
    );
  });
});

describe("requirePick", () => {
  it("throws NoBackupMatchedError (exit 3) with the diagnostics", () => {
    const c = criteria({ type: "specChange", includeLocked: false, statuses: [4] });
    const result = selectLatest(week, c);
    try {
      requirePick(result, c, "crs-test0001");
      throw new Error("expected a failure");
    } catch (error) {
      expect(error).toBeInstanceOf(NoBackupMatchedError);
      expect((error as NoBackupMatchedError).exitCode).toBe(3);
      expect((error as Error).message).toMatch(/^no usable specChange backup of crs-test0001: .*1 normal/);
    }
  });
});
