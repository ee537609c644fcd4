/** The lock file's pure parts: canonical keys, stable formatting, corrupt-file errors, the lookup mode. */
import { parseCriteria } from "../../src/backups/criteria";
import { lockKey } from "../../src/constructs/lock/key";
import { lookupMode } from "../../src/constructs/lock/mode";
import { entryAt, formatLockFile, parseLockFile } from "../../src/constructs/lock/store";

const NOW = Date.UTC(2026, 10, 20, 4, 0, 0);

function keyOf(raw: Parameters<typeof parseCriteria>[0], api: "v3" | "legacy" = "v3"): string {
  const maxAge = typeof raw.maxAge === "string" && raw.maxAge.trim() ? raw.maxAge.trim() : undefined;
  return lockKey({ instanceId: "crs-1", criteria: parseCriteria(raw, NOW), api, maxAge });
}

const ENTRY = {
  backupId: "b-1",
  startTime: "2026-11-20 02:00:48",
  startTimeRfc3339: "2026-11-20T02:00:48+08:00",
  endTime: "2026-11-20 02:05:48",
  backupType: "system",
  status: 2,
  locked: false,
  remark: "",
  expireTime: "2026-11-27 02:00:48",
  resolvedAt: "2026-11-20T04:00:00.000Z",
} as const;

describe("lockKey", () => {
  it("leaves defaults out and spells every other criterion in a fixed order", () => {
    expect(keyOf({})).toBe("crs-1");
    expect(keyOf({ type: "any", statuses: "4,2", includeLocked: false })).toBe("crs-1");
    expect(
      keyOf(
        {
          backupId: "id-9",
          includeLocked: true,
          statuses: [4],
          endTime: "2026-11-20T00:00:00Z",
          beginTime: "2026-11-19 00:00:00",
          type: "spec-change",
        },
        "legacy",
      ),
    ).toBe(
      "crs-1 api=legacy type=specChange beginTime=2026-11-19T00:00:00+08:00 endTime=2026-11-20T08:00:00+08:00 " +
        "statuses=4 includeLocked=true backupId=id-9",
    );
  });

  it("keeps a relative window as written, whatever the clock", () => {
    expect(keyOf({ maxAge: " 26h " })).toBe("crs-1 maxAge=26h");
    expect(keyOf({ maxAge: "1560m" })).toBe("crs-1 maxAge=1560m");
  });

  it("gives the same key to the same absolute window in either time format", () => {
    expect(keyOf({ beginTime: "2026-11-19 10:00:00" })).toBe(keyOf({ beginTime: "2026-11-19T02:00:00Z" }));
  });
});

describe("lock file text", () => {
  it("is sorted, 2-space indented, newline-terminated and independent of insertion order", () => {
    const a = formatLockFile({ "crs-2": ENTRY, "crs-1 type=system": { ...ENTRY, backupId: "b-2" } });
    const b = formatLockFile({ "crs-1 type=system": { ...ENTRY, backupId: "b-2" }, "crs-2": ENTRY });
    expect(a).toBe(b);
    expect(a.endsWith("}\n")).toBe(true);
    expect(a.split("\n")[1]).toMatch(/^ {2}"\/\/": /);
    expect(a.indexOf('"crs-1 type=system"')).toBeLessThan(a.indexOf('"crs-2"'));
    expect(parseLockFile(a, "f")).toEqual({
      "crs-2": ENTRY,
      "crs-1 type=system": { ...ENTRY, backupId: "b-2" },
    });
  });

  it("rejects a corrupt file with one line naming the file and the problem", () => {
    const cases: [string, string][] = [
      ["[]", "not a JSON object"],
      ['{"version":2,"entries":{}}', "version 2 is not 1"],
      ['{"version":1}', "entries is not an object"],
      ['{"version":1,"entries":{"k":{"backupId":"x"}}}', 'entry "k": startTime is not a string'],
      [
        JSON.stringify({ version: 1, entries: { k: { ...ENTRY, backupType: "unknown" } } }),
        'entry "k": backupType',
      ],
      [
        JSON.stringify({ version: 1, entries: { k: { ...ENTRY, locked: 0 } } }),
        'entry "k": locked is not a boolean',
      ],
    ];
    for (const [text, why] of cases) {
      expect(() => parseLockFile(text, "/x/redis-backups.lock.json")).toThrow(
        `lockFile: /x/redis-backups.lock.json is not a valid lock file: ${why}`,
      );
    }
  });

  it("reads an entry recorded before expireTime existed as one with an unknown expiry", () => {
    const { expireTime: _unknown, ...older } = ENTRY;
    const text = JSON.stringify({ version: 1, entries: { k: older } });
    expect(parseLockFile(text, "f")["k"]).toEqual({ ...ENTRY, expireTime: "" });
  });

  it("keeps keys that are Object.prototype names as entries, never as inherited values", () => {
    // Written by hand: in an object literal, `__proto__:` would set the prototype instead of a key.
    const entry = JSON.stringify(ENTRY);
    const text = `{"version":1,"entries":{"__proto__":${entry},"constructor":${entry}}}`;
    const entries = parseLockFile(text, "f");
    expect(Object.keys(entries).sort()).toEqual(["__proto__", "constructor"].sort());
    expect(entryAt(entries, "__proto__")).toEqual(ENTRY);
    expect(entryAt(parseLockFile('{"version":1,"entries":{}}', "f"), "toString")).toBeUndefined();
  });

  it("keeps only known fields of an entry", () => {
    const text = JSON.stringify({ version: 1, entries: { k: { ...ENTRY, secretKey: "leak" } } });
    expect(parseLockFile(text, "f")["k"]).toEqual(ENTRY);
  });
});

describe("lookupMode", () => {
  it("takes the option first, then CRS_BACKUP_LOOKUPS, then on", () => {
    expect(lookupMode(undefined, undefined, {})).toBe("on");
    expect(lookupMode(undefined, undefined, { CRS_BACKUP_LOOKUPS: "" })).toBe("on");
    expect(lookupMode(undefined, undefined, { CRS_BACKUP_LOOKUPS: " off " })).toBe("off");
    expect(lookupMode("on", undefined, { CRS_BACKUP_LOOKUPS: "off" })).toBe("on");
    expect(lookupMode(undefined, true, {})).toBe("refresh");
    expect(lookupMode(undefined, false, { CRS_BACKUP_LOOKUPS: "refresh" })).toBe("refresh");
  });

  it("rejects unknown values and refresh with off", () => {
    expect(() => lookupMode(undefined, undefined, { CRS_BACKUP_LOOKUPS: "OFF!" })).toThrow(
      'CRS_BACKUP_LOOKUPS: "OFF!" is not a lookup mode; use on, off, refresh',
    );
    expect(() => lookupMode("off", true, {})).toThrow(
      'refresh: cannot refresh with lookups: "off"; drop one',
    );
  });
});
