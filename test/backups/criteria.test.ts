import { parseCriteria } from "../../src/backups/criteria";
import { InvalidInputError } from "../../src/backups/errors";
import { HOUR, NOW } from "./rows";

const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function errorOf(raw: Parameters<typeof parseCriteria>[0]): InvalidInputError {
  try {
    parseCriteria(raw, NOW, flag);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("expected InvalidInputError");
}

describe("parseCriteria", () => {
  it("applies the documented defaults", () => {
    expect(parseCriteria({}, NOW)).toEqual({
      type: "any",
      window: {},
      statuses: [2, 4],
      includeLocked: false,
      usableAt: NOW,
    });
  });

  it('reads statuses "" as not given (Terraform\'s unset value), so the default', () => {
    expect(parseCriteria({ statuses: "" }, NOW).statuses).toEqual([2, 4]);
  });

  it("accepts a window that begins exactly at 2010-01-01 (UTC+8)", () => {
    expect(parseCriteria({ beginTime: "2010-01-01 00:00:00" }, NOW).window.beginMs).toBe(
      Date.UTC(2009, 11, 31, 16),
    );
  });

  it("turns maxAge into a window ending now", () => {
    expect(parseCriteria({ maxAge: "26h" }, NOW).window).toEqual({ beginMs: NOW - 26 * HOUR, endMs: NOW });
  });

  it("accepts the CLI spelling spec-change and string booleans", () => {
    expect(
      parseCriteria({ type: "spec-change", includeLocked: "true", statuses: "4, 2,2" }, NOW),
    ).toMatchObject({
      type: "specChange",
      includeLocked: true,
      statuses: [2, 4],
    });
  });

  it.each([
    [{ type: "nightly" }, "type", '--type: "nightly" is not a backup type'],
    [{ beginTime: "yesterday" }, "beginTime", '--begin-time: "yesterday" is not a valid time'],
    [{ endTime: "2026-13-01 00:00:00" }, "endTime", "--end-time:"],
    [{ maxAge: "3x" }, "maxAge", '--max-age: "3x" is not a duration'],
    [{ maxAge: "1d", beginTime: "2026-11-01 00:00:00" }, "maxAge", "cannot be combined with --begin-time"],
    [{ maxAge: "1d", endTime: "2026-11-01 00:00:00" }, "maxAge", "cannot be combined with --end-time"],
    [
      { beginTime: "2026-11-02 00:00:00", endTime: "2026-11-01 00:00:00" },
      "beginTime",
      "is after --end-time",
    ],
    [
      { maxAge: "20000d" },
      "maxAge",
      '--max-age: "20000d" reaches back before 2010-01-01 00:00:00 (UTC+8); shorten it',
    ],
    [{ maxAge: "9999999d" }, "maxAge", "reaches back before 2010-01-01"],
    [
      { beginTime: "2009-12-31 23:59:59" },
      "beginTime",
      '--begin-time: "2009-12-31 23:59:59" is before 2010-01-01',
    ],
    [{ statuses: "2,x" }, "statuses", '"x" is not a backup status'],
    [{ statuses: "9" }, "statuses", '"9" is not a backup status'],
    [{ statuses: [] }, "statuses", "--statuses: empty; pass status codes such as 2,4"],
    [{ statuses: " , " }, "statuses", '"" is not a backup status'],
    [{ statuses: "  " }, "statuses", "--statuses: empty; pass status codes such as 2,4"],
    [{ includeLocked: "yes" }, "includeLocked", '--include-locked: "yes" is not a boolean'],
    [{ backupId: " id" }, "backupId", "--backup-id:"],
  ])("rejects %j naming the field", (raw, field, message) => {
    const error = errorOf(raw);
    expect(error.field).toBe(field);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain("\n");
  });
});
