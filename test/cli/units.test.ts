/**
 * The CLI's pure helpers: error reporting and redaction, flag parsing, formatting, confirmation.
 */
import { PassThrough } from "node:stream";
import { ApiError, InvalidInputError, TaskError } from "../../src/backups/errors";
import type { BackupRecord } from "../../src/backups/model";
import { parseDuration } from "../../src/backups/time";
import { confirmOrRefuse, readPassword, refusePasswordFlag } from "../../src/cli/confirm";
import { backupTable, humanSize, latestJson, statusName } from "../../src/cli/format";
import { ask, type CliIo } from "../../src/cli/io";
import {
  checkEndpoint,
  flagLabel,
  parseTimeoutFlag,
  rawCriteriaFrom,
  requireRegion,
} from "../../src/cli/options";
import { reportError } from "../../src/cli/report-error";
import { formatElapsed } from "../../src/cli/task-progress";

function memoryIo(env: NodeJS.ProcessEnv = {}, extra: Partial<CliIo> = {}): CliIo & { err: string[] } {
  const err: string[] = [];
  return {
    err,
    stdout: () => undefined,
    stderr: (text) => err.push(text),
    readStdin: async () => "",
    isTTY: false,
    env,
    ...extra,
  };
}

const record: BackupRecord = {
  backupId: "b-1",
  instanceId: "",
  startTime: "2024-05-01 02:00:48",
  startTimeRfc3339: "2024-05-01T02:00:48+08:00",
  startEpochMs: Date.parse("2024-05-01T02:00:48+08:00"),
  endTime: "2024-05-01 02:05:00",
  type: "system",
  rawType: "1",
  status: 2,
  locked: false,
  remark: "nightly",
  size: 3 * 1024 * 1024,
  fileType: "RDB",
  expireTime: "",
};

describe("reportError", () => {
  it.each([
    [new InvalidInputError("type", "--type: bad"), 2],
    [new ApiError("DescribeInstanceBackups failed: X (RequestId r)", "X", "r"), 4],
    [new TaskError("task 3 failed", 3), 5],
  ])("prints one line and returns the error's exit code (%#)", (error, code) => {
    const io = memoryIo();
    expect(reportError(io, error)).toBe(code);
    expect(io.err).toEqual([`crs-backup: ${error.message}\n`]);
  });

  it("an unknown error is an internal error, exit 1, without a stack unless CRS_BACKUP_DEBUG=1", () => {
    const quiet = memoryIo();
    expect(reportError(quiet, new TypeError("boom\nsecond line"))).toBe(1);
    expect(quiet.err).toEqual(["crs-backup: internal error: boom second line\n"]);
    const debug = memoryIo({ CRS_BACKUP_DEBUG: "1" });
    reportError(debug, new TypeError("boom"));
    expect(debug.err.join("")).toMatch(/\n\s+at /);
  });

  it("redacts secrets from the environment, even in debug stacks", () => {
    const env = {
      TENCENTCLOUD_SECRET_KEY: "sk-very-secret",
      TENCENTCLOUD_REDIS_PASSWORD: "pw-12345",
      CRS_BACKUP_DEBUG: "1",
    };
    const io = memoryIo(env);
    reportError(io, new Error("leaked sk-very-secret and pw-12345"));
    expect(io.err.join("")).not.toMatch(/sk-very-secret|pw-12345/);
    expect(io.err[0]).toContain("***");
  });
});

describe("flag helpers", () => {
  it("labels domain fields as flags", () => {
    expect(flagLabel("beginTime")).toBe("--begin-time");
    expect(flagLabel("statuses")).toBe("--status");
    expect(flagLabel("someNewField")).toBe("--some-new-field");
  });

  it("maps spec-change to specChange and passes the rest as typed", () => {
    expect(rawCriteriaFrom({ type: "spec-change", status: "2", includeLocked: true })).toMatchObject({
      type: "specChange",
      statuses: "2",
      includeLocked: true,
    });
  });

  it.each([
    ["30m", 1_800_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["45s", 45_000],
    ["10000000s", 10_000_000_000],
  ])("parses --timeout %s", (text, ms) => {
    expect(parseTimeoutFlag(text)).toBe(ms);
    expect(parseDuration(text)).toBe(ms); // one format everywhere: the constructs' timeout and maxAge agree
  });

  it.each([
    "",
    "30",
    "0m",
    "1.5h",
    "30 minutes",
    "-1m",
    "1w",
  ])("rejects --timeout %j naming the flag", (text) => {
    expect(() => parseTimeoutFlag(text)).toThrow(/^--timeout: .*s, m, h or d/);
  });

  it("region comes from the flag, else the environment, else an error naming both", () => {
    expect(requireRegion({ region: "ap-shanghai" }, { TENCENTCLOUD_REGION: "ap-beijing" })).toBe(
      "ap-shanghai",
    );
    expect(requireRegion({}, { TENCENTCLOUD_REGION: "ap-beijing" })).toBe("ap-beijing");
    expect(() => requireRegion({}, {})).toThrow(/--region.*TENCENTCLOUD_REGION/);
  });

  it("endpoints must be http(s) URLs, and the error says where the bad one came from", () => {
    expect(checkEndpoint({ endpoint: "http://127.0.0.1:8000" }, {})).toBe("http://127.0.0.1:8000");
    expect(checkEndpoint({}, {})).toBeUndefined();
    expect(() => checkEndpoint({ endpoint: "127.0.0.1:8000" }, {})).toThrow(/^--endpoint: /);
    expect(() => checkEndpoint({}, { TENCENTCLOUD_REDIS_ENDPOINT: "ftp://x" })).toThrow(
      /^TENCENTCLOUD_REDIS_ENDPOINT: /,
    );
  });
});

describe("formatting", () => {
  it("latest --json shape: boolean locked, numeric status, counts", () => {
    expect(latestJson(record, "crs-1", { matchedCount: 1, totalCount: 4 })).toEqual({
      backupId: "b-1",
      instanceId: "crs-1",
      startTime: "2024-05-01 02:00:48",
      startTimeRfc3339: "2024-05-01T02:00:48+08:00",
      endTime: "2024-05-01 02:05:00",
      backupType: "system",
      status: 2,
      locked: false,
      remark: "nightly",
      size: 3145728,
      matchedCount: 1,
      totalCount: 4,
    });
  });

  it("names statuses and sizes", () => {
    expect([statusName(2), statusName(-1), statusName(9)]).toEqual(["normal", "expired", "unknown(9)"]);
    expect([humanSize(undefined), humanSize(512), humanSize(3 * 1024 * 1024)]).toEqual([
      "-",
      "512 B",
      "3.0 MiB",
    ]);
    expect([formatElapsed(5_400), formatElapsed(65_000)]).toEqual(["5s", "1m05s"]);
  });

  it("the table marks the latest and usable rows", () => {
    const table = backupTable([
      { record, usable: true, latest: true },
      { record: { ...record, backupId: "b-0", locked: true }, usable: false, latest: false },
    ]);
    expect(table).toMatch(/=>\s*│\s*b-1/);
    expect(table).toMatch(/│\s*│\s*b-0/);
  });
});

describe("confirmation and passwords", () => {
  it("--yes skips the question; no TTY refuses naming --yes; a TTY asks", async () => {
    await expect(confirmOrRefuse(memoryIo(), "Go?", true)).resolves.toBeUndefined();
    await expect(confirmOrRefuse(memoryIo(), "Go?", false)).rejects.toThrow(/--yes/);
    const asked: string[] = [];
    const tty = memoryIo(
      {},
      {
        isTTY: true,
        prompt: async (q) => {
          asked.push(q);
          return "YES";
        },
      },
    );
    await expect(confirmOrRefuse(tty, "Go?", false)).resolves.toBeUndefined();
    expect(asked).toEqual(["Go? [y/N] "]);
    const no = memoryIo({}, { isTTY: true, prompt: async () => "" });
    await expect(confirmOrRefuse(no, "Go?", false)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("reads the password from stdin (one trailing newline dropped), else the environment", async () => {
    const io = memoryIo(
      { TENCENTCLOUD_REDIS_PASSWORD: "from-env" },
      { readStdin: async () => "from stdin\n" },
    );
    expect(await readPassword(io, true)).toBe("from stdin");
    expect(await readPassword(io, false)).toBe("from-env");
    expect(await readPassword(memoryIo(), false)).toBeUndefined();
    await expect(readPassword(memoryIo(), true)).rejects.toThrow(/--password-stdin/);
  });

  it("refuses --password in either spelling but not --password-stdin", () => {
    expect(() => refusePasswordFlag(["restore", "--password", "x"])).toThrow(/TENCENTCLOUD_REDIS_PASSWORD/);
    expect(() => refusePasswordFlag(["--password=x"])).toThrow(InvalidInputError);
    expect(() => refusePasswordFlag(["--password-stdin"])).not.toThrow();
  });
});

describe("ask (the terminal prompt)", () => {
  const quiet = () => new PassThrough();

  it("returns the line typed", async () => {
    const input = new PassThrough();
    const answer = ask("Go? ", input, quiet());
    input.write("y\n");
    await expect(answer).resolves.toBe("y");
  });

  it("reads Ctrl-D (input closed without an answer) as an empty answer, a no, instead of hanging", async () => {
    const input = new PassThrough();
    const answer = ask("Go? ", input, quiet());
    input.end();
    await expect(answer).resolves.toBe("");
  });
});
