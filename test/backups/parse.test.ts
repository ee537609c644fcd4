import { ApiError } from "../../src/backups/errors";
import { parseLegacyResponse, parseV3Response } from "../../src/backups/parse";
import { HOUR, INSTANCE, NOW, v3Row } from "./rows";

function malformedCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : "not an ApiError";
  }
  return undefined;
}

describe("parseV3Response", () => {
  it("normalizes BackupSet rows", () => {
    const page = parseV3Response(
      {
        Response: {
          TotalCount: 1,
          BackupSet: [v3Row("b1", NOW, "1", { remark: "nightly" })],
          RequestId: "r-1",
        },
      },
      INSTANCE,
    );
    expect(page.totalCount).toBe(1);
    expect(page.requestId).toBe("r-1");
    expect(page.records[0]).toMatchObject({
      backupId: "b1",
      type: "system",
      rawType: "1",
      status: 2,
      locked: false,
      remark: "nightly",
      startTime: "2026-11-20 12:00:00",
      startTimeRfc3339: "2026-11-20T12:00:00+08:00",
      startEpochMs: NOW,
    });
  });

  it("accepts the RedisBackupSet spelling of the Japanese doc", () => {
    const page = parseV3Response(
      { Response: { TotalCount: 1, RedisBackupSet: [v3Row("b1", NOW, "0")] } },
      INSTANCE,
    );
    expect(page.records[0].type).toBe("manual");
  });

  it("keeps unknown type codes as unknown, with the raw code", () => {
    const page = parseV3Response(
      { Response: { TotalCount: 1, BackupSet: [v3Row("b1", NOW, "7")] } },
      INSTANCE,
    );
    expect(page.records[0]).toMatchObject({ type: "unknown", rawType: "7" });
  });

  it("turns an error envelope into an ApiError with code and RequestId", () => {
    const body = {
      Response: { Error: { Code: "ResourceNotFound.InstanceNotExists", Message: "no" }, RequestId: "r-9" },
    };
    expect(() => parseV3Response(body, INSTANCE)).toThrow(
      expect.objectContaining({ code: "ResourceNotFound.InstanceNotExists", requestId: "r-9" }),
    );
  });

  it.each([
    ["no Response", {}],
    ["no TotalCount", { Response: { BackupSet: [] } }],
    ["null set with rows promised", { Response: { TotalCount: 3, BackupSet: null } }],
    ["set not an array", { Response: { TotalCount: 1, BackupSet: {} } }],
    [
      "row without BackupId",
      { Response: { TotalCount: 1, BackupSet: [{ ...v3Row("x", NOW), BackupId: "" }] } },
    ],
    [
      "row with a bad StartTime",
      { Response: { TotalCount: 1, BackupSet: [{ ...v3Row("x", NOW), StartTime: "today" }] } },
    ],
    ["row with Locked 2", { Response: { TotalCount: 1, BackupSet: [{ ...v3Row("x", NOW), Locked: 2 }] } }],
    [
      "row with no Status",
      { Response: { TotalCount: 1, BackupSet: [{ ...v3Row("x", NOW), Status: null }] } },
    ],
  ])("refuses a body it cannot trust: %s", (_name, body) => {
    expect(malformedCode(() => parseV3Response(body, INSTANCE))).toBe("MalformedResponse");
  });

  it("refuses, without retrying, a row of another instance: it must never be picked", () => {
    const body = {
      Response: {
        TotalCount: 2,
        BackupSet: [v3Row("ours", NOW), { ...v3Row("theirs", NOW + HOUR), InstanceId: "crs-other" }],
      },
    };
    expect(() => parseV3Response(body, INSTANCE)).toThrow(
      expect.objectContaining({
        code: "MalformedResponse",
        retryable: false,
        message: expect.stringContaining('row 1 belongs to InstanceId "crs-other"'),
      }),
    );
  });

  it("fills the instance id of a row that names none", () => {
    const { InstanceId: _omitted, ...row } = v3Row("b1", NOW);
    expect(
      parseV3Response({ Response: { TotalCount: 1, BackupSet: [row] } }, INSTANCE).records[0].instanceId,
    ).toBe(INSTANCE);
  });

  it('reads the "not set" time 0000-00-00 00:00:00 of a running backup as no EndTime / ExpireTime', () => {
    const running = { ...v3Row("b1", NOW, "1"), Status: 1, EndTime: "0000-00-00 00:00:00" };
    const kept = { ...v3Row("b0", NOW - HOUR, "1"), ExpireTime: "0000-00-00 00:00:00" };
    const page = parseV3Response({ Response: { TotalCount: 2, BackupSet: [running, kept] } }, INSTANCE);
    expect(page.records[0]).toMatchObject({ backupId: "b1", status: 1, endTime: "" });
    expect(page.records[0].endEpochMs).toBeUndefined();
    expect(page.records[1]).toMatchObject({ backupId: "b0", expireTime: "" });
    // Any other time that is not one stays malformed.
    const broken = { ...v3Row("b2", NOW, "1"), EndTime: "0000-00-00" };
    expect(
      malformedCode(() => parseV3Response({ Response: { TotalCount: 1, BackupSet: [broken] } }, INSTANCE)),
    ).toBe("MalformedResponse");
  });

  it("refuses a BackupId with control characters (it is printed, stored in state and put on command lines)", () => {
    const row = { ...v3Row("b-\u001b[31mred", NOW, "1") };
    expect(
      malformedCode(() => parseV3Response({ Response: { TotalCount: 1, BackupSet: [row] } }, INSTANCE)),
    ).toBe("MalformedResponse");
  });

  it("accepts an empty set and a null set with TotalCount 0", () => {
    expect(parseV3Response({ Response: { TotalCount: 0, BackupSet: null } }, INSTANCE).records).toEqual([]);
    expect(parseV3Response({ Response: { TotalCount: 0, BackupSet: [] } }, INSTANCE).records).toEqual([]);
  });
});

describe("parseLegacyResponse", () => {
  const legacyRow = {
    startTime: "2026-11-20 02:00:48",
    backupId: "6b1e-uuid",
    backupType: "systemBackupInstance",
    status: 2,
    remark: "",
    locked: 0,
  };

  it("normalizes camelCase rows and fills the instance id", () => {
    const page = parseLegacyResponse(
      { code: 0, message: "", codeDesc: "Success", totalCount: 1, data: { redisBackupSet: [legacyRow] } },
      "crs-legacy01",
    );
    expect(page.records[0]).toMatchObject({
      backupId: "6b1e-uuid",
      type: "system",
      instanceId: "crs-legacy01",
      endTime: "",
    });
    expect(page.records[0].endEpochMs).toBeUndefined();
  });

  it("refuses a row whose redisId names another instance", () => {
    const body = {
      code: 0,
      totalCount: 1,
      data: { redisBackupSet: [{ ...legacyRow, redisId: "crs-other" }] },
    };
    expect(() => parseLegacyResponse(body, "crs-legacy01")).toThrow(
      expect.objectContaining({ code: "MalformedResponse", retryable: false }),
    );
    const ours = {
      code: 0,
      totalCount: 1,
      data: { redisBackupSet: [{ ...legacyRow, redisId: "crs-legacy01" }] },
    };
    expect(parseLegacyResponse(ours, "crs-legacy01").records).toHaveLength(1);
  });

  it("turns a non-zero code into an ApiError naming codeDesc", () => {
    expect(() =>
      parseLegacyResponse({ code: 4100, message: "auth failed", codeDesc: "AuthFailure" }, "crs-x"),
    ).toThrow(expect.objectContaining({ code: "AuthFailure" }));
  });

  it("refuses a body without a code", () => {
    expect(malformedCode(() => parseLegacyResponse({ data: {} }, "crs-x"))).toBe("MalformedResponse");
    expect(malformedCode(() => parseLegacyResponse("oops", "crs-x"))).toBe("MalformedResponse");
  });

  it("uses the same type table", () => {
    const manual = { ...legacyRow, backupType: "manualBackupInstance" };
    const page = parseLegacyResponse({ code: 0, totalCount: 1, data: { redisBackupSet: [manual] } }, "crs-x");
    expect(page.records[0].type).toBe("manual");
    void HOUR;
  });
});
