import fc from "fast-check";
import {
  apiTimeToRfc3339,
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

  it("accepts exactly the calendar's dates and times in exactly that shape, as a regex and a Date round trip do", () => {
    // The reference: the shape by regular expression, then the instant built and its fields read back.
    const reference = (text: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
      if (!m) return undefined;
      const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      const back = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
      const date = [back.getUTCFullYear(), back.getUTCMonth() + 1, back.getUTCDate()];
      const read = [...date, back.getUTCHours(), back.getUTCMinutes(), back.getUTCSeconds()];
      const exact = read.join() === [y, mo, d, h, mi, s].join();
      return exact && y >= 1970 ? back.getTime() - 8 * 3_600_000 : undefined;
    };
    const two = (n: number) => String(n).padStart(2, "0");
    const years = fc.oneof(
      fc.integer({ min: 1000, max: 9999 }),
      fc.constantFrom(1900, 1969, 1970, 2000, 2024, 2100),
    );
    const wellShaped = fc
      .tuple(
        years,
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
      )
      .map(([y, mo, d, h, mi, s]) => `${y}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(s)}`);
    // Valid times with one character replaced, and short strings of the characters the format uses.
    const mutated = fc
      .tuple(
        wellShaped,
        fc.nat(18),
        fc.constantFrom("0", "9", "-", ":", " ", "T", "a", "/", "\u0660", "+", ""),
      )
      .map(([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1));
    const noise = fc.string({
      unit: fc.constantFrom("0", "1", "2", "9", "-", ":", " "),
      minLength: 17,
      maxLength: 21,
    });
    fc.assert(
      fc.property(fc.oneof(wellShaped, mutated, noise), (text) => {
        const parsed = parseApiTime(text);
        expect(parsed).toBe(reference(text));
        if (parsed !== undefined) {
          expect(formatApiTime(parsed)).toBe(text);
          expect(apiTimeToRfc3339(text)).toBe(toRfc3339Beijing(parsed));
        }
      }),
      { numRuns: 10_000 },
    );
    expect(parseApiTime("2024-02-29 00:00:00")).toBeDefined();
    expect(parseApiTime("2100-02-29 00:00:00")).toBeUndefined();
    expect(parseApiTime("2000-02-29 23:59:59")).toBeDefined();
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
    expect(parseDuration("10000000s")).toBe(10_000_000_000); // any whole number: ranges are the caller's
    for (const bad of [
      "0h",
      "1.5h",
      "h",
      "26",
      "-1d",
      "1w",
      "26 h5",
      `${"9".repeat(400)}s`,
      "9007199254741d",
    ])
      expect(parseDuration(bad)).toBeUndefined();
  });
});

describe("splitWindow", () => {
  const DAY = 86_400_000;
  const end = Date.UTC(2026, 10, 20);

  it("keeps a short window as one span", () => {
    expect(splitWindow({ beginMs: end - DAY, endMs: end }, end)).toEqual([
      { beginMs: end - DAY, endMs: end },
    ]);
  });

  it("splits 75 days into 30-day spans, newest first, covering every instant", () => {
    const spans = splitWindow({ beginMs: end - 75 * DAY, endMs: end }, end);
    expect(spans).toEqual([
      { beginMs: end - 30 * DAY, endMs: end },
      { beginMs: end - 60 * DAY, endMs: end - 30 * DAY },
      { beginMs: end - 75 * DAY, endMs: end - 60 * DAY },
    ]);
  });

  it("closes an open end at now", () => {
    expect(splitWindow({ beginMs: end - DAY }, end)).toEqual([{ beginMs: end - DAY, endMs: end }]);
  });

  it("cuts an end far in the future a day ahead of now: no backup starts later", () => {
    const far = Date.UTC(2099, 0, 1);
    expect(splitWindow({ beginMs: end - DAY, endMs: far }, end)).toEqual([
      { beginMs: end - DAY, endMs: end + DAY },
    ]);
    expect(splitWindow({ beginMs: end - DAY, endMs: end + DAY / 2 }, end)).toEqual([
      { beginMs: end - DAY, endMs: end + DAY / 2 },
    ]);
    expect(splitWindow({ beginMs: end + 2 * DAY, endMs: far }, end)).toEqual([]);
  });
});
