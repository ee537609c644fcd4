import {
  formatApiTime,
  parseApiTime,
  parseDuration,
  parseUserTime,
  splitWindow,
  toRfc3339Beijing,
} from "../../src/backups/time";

describe("Beijing wall clock", () => {
  const instant = Date.UTC(2026, 10, 19, 18, 0, 48); // 2026-11-20 02:00:48 Beijing

  it("formats and parses API times in UTC+8 whatever TZ says", () => {
    expect(formatApiTime(instant)).toBe("2026-11-20 02:00:48");
    expect(parseApiTime("2026-11-20 02:00:48")).toBe(instant);
    expect(toRfc3339Beijing(instant)).toBe("2026-11-20T02:00:48+08:00");
  });

  it("rejects impossible or sloppy API times", () => {
    for (const bad of [
      "2026-02-30 00:00:00",
      "2026-11-20T02:00:48",
      "2026-11-20 2:00:48",
      "2026-11-20 24:00:00",
      "",
    ]) {
      expect(parseApiTime(bad)).toBeUndefined();
    }
  });

  it("reads user times as API format (UTC+8) or ISO 8601 with a zone", () => {
    expect(parseUserTime("2026-11-20 02:00:48")).toBe(instant);
    expect(parseUserTime("2026-11-19T18:00:48Z")).toBe(instant);
    expect(parseUserTime("2026-11-20T02:00:48+08:00")).toBe(instant);
    expect(parseUserTime("2026-11-19T13:00:48-05:00")).toBe(instant);
    expect(parseUserTime("2026-11-19T18:00:48.500Z")).toBe(instant + 500);
  });

  it("refuses ISO times without a zone (ambiguous) and garbage", () => {
    for (const bad of ["2026-11-20T02:00:48", "yesterday", "2026-11-20", "2026-11-20T02:00:48+25:00"]) {
      expect(parseUserTime(bad)).toBeUndefined();
    }
  });

  it("parses durations with one unit", () => {
    expect(parseDuration("90m")).toBe(90 * 60_000);
    expect(parseDuration("26h")).toBe(26 * 3_600_000);
    expect(parseDuration("7d")).toBe(7 * 86_400_000);
    expect(parseDuration("30s")).toBe(30_000);
    for (const bad of ["0h", "1.5h", "h", "26", "-1d", "1w", "26 h5"])
      expect(parseDuration(bad)).toBeUndefined();
  });
});

describe("splitWindow", () => {
  const DAY = 86_400_000;
  const end = Date.UTC(2026, 10, 20);

  it("keeps a short window as one span", () => {
    expect(splitWindow({ beginMs: end - DAY, endMs: end }, 0)).toEqual([{ beginMs: end - DAY, endMs: end }]);
  });

  it("splits 75 days into 30-day spans, newest first, covering every instant", () => {
    const spans = splitWindow({ beginMs: end - 75 * DAY, endMs: end }, 0);
    expect(spans).toEqual([
      { beginMs: end - 30 * DAY, endMs: end },
      { beginMs: end - 60 * DAY, endMs: end - 30 * DAY },
      { beginMs: end - 75 * DAY, endMs: end - 60 * DAY },
    ]);
  });

  it("closes an open end at now", () => {
    expect(splitWindow({ beginMs: end - DAY }, end)).toEqual([{ beginMs: end - DAY, endMs: end }]);
  });
});
