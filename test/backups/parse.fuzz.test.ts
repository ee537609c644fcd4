/**
 * Fuzzing both response parsers with random and mutated JSON (bounded runs): every outcome is a correct parse
 * or an ApiError; never another exception, never a record with a missing id or time.
 */
import fc from "fast-check";
import { ApiError } from "../../src/backups/errors";
import { parseLegacyResponse, parseV3Response } from "../../src/backups/parse";
import { INSTANCE, NOW, v3Row } from "./rows";

function outcomeOf(
  parse: () => { records: readonly { backupId: string; startEpochMs: number }[] },
): "ok" | "error" {
  try {
    const page = parse();
    for (const record of page.records) {
      expect(record.backupId).not.toBe("");
      expect(Number.isFinite(record.startEpochMs)).toBe(true);
    }
    return "ok";
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).not.toContain("\n");
    return "error";
  }
}

/** Replaces one value somewhere in a JSON tree by a random JSON value. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== "object") return replacement;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0] % entries.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  (copy as Record<string, unknown>)[key] = mutate(child, path.slice(1), replacement);
  return copy;
}

const validV3 = {
  Response: { TotalCount: 2, BackupSet: [v3Row("a", NOW), v3Row("b", NOW - 1000, "0")], RequestId: "r" },
};
const validLegacy = {
  code: 0,
  totalCount: 1,
  data: {
    redisBackupSet: [
      {
        startTime: "2026-11-20 02:00:48",
        backupId: "u-1",
        backupType: "systemBackupInstance",
        status: 2,
        locked: 0,
      },
    ],
  },
};

describe("parser fuzzing", () => {
  it("survives random JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        outcomeOf(() => parseV3Response(json, INSTANCE));
        outcomeOf(() => parseV3Response({ Response: json }, INSTANCE));
        outcomeOf(() => parseLegacyResponse(json, "crs-x"));
      }),
      { numRuns: 500 },
    );
  });

  it("survives mutations of valid bodies", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.jsonValue(), (path, replacement) => {
        outcomeOf(() => parseV3Response(mutate(validV3, path, replacement), INSTANCE));
        outcomeOf(() => parseLegacyResponse(mutate(validLegacy, path, replacement), "crs-x"));
      }),
      { numRuns: 1000 },
    );
  });
});
