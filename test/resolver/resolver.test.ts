/**
 * The bundled resolver run exactly as Terraform's external provider runs it: `node <asset>` from a stack folder,
 * the query as a JSON object on stdin, against the emulator.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatApiTime } from "../../src/backups/time";
import {
  EMULATOR_SECRET_ID,
  EMULATOR_SECRET_KEY,
  type RunningEmulator,
  startEmulator,
} from "../../src/emulator";
import { runProcess } from "../../src/testing";
import { ensureBundled } from "../support/assets";
import { emulatorEnv } from "../support/emulator-env";
import { HOUR, seedRows } from "../support/seed-rows";

const NOW = Date.now();
const INSTANCE = "crs-res00001";
let emulator: RunningEmulator;
let resolver: string;
let stackDir: string;

const row = seedRows(NOW);

beforeAll(async () => {
  resolver = ensureBundled("resolver");
  stackDir = mkdtempSync(join(tmpdir(), "crs-stack-"));
  emulator = await startEmulator({
    seed: {
      instances: [
        {
          instanceId: INSTANCE,
          region: "ap-guangzhou",
          backups: [
            row("sys-2h", 2, "1", { Remark: "nightly" }),
            row("sys-30h", 30, "1"),
            row("man-1h", 1, "0"),
            row("man-locked", 0.5, "0", { Locked: 1 }),
            row("sys-expired", 50, "1", { Status: -1 }),
            row("spec-40d", 40 * 24, "2"),
          ],
        },
      ],
    },
  });
});
afterAll(async () => {
  await emulator.close();
  rmSync(stackDir, { recursive: true, force: true });
});

const RESULT_KEYS = [
  "backup_id",
  "start_time",
  "start_time_rfc3339",
  "end_time",
  "backup_type",
  "status",
  "locked",
  "remark",
  "found",
  "matched_count",
  "total_count",
];
/** Secrets no output may ever hold: the key, and a session token some runs pass. */
const TOKEN = "canary-session-token-value";
const SECRETS = [EMULATOR_SECRET_KEY, TOKEN, "canary-wrong-secret-key"];
/** Every stdout and stderr of the file, checked for secrets at the end. */
const outputs: string[] = [];

async function resolve(query: unknown, extraEnv: NodeJS.ProcessEnv = {}) {
  const input = typeof query === "string" ? query : JSON.stringify(query);
  const run = await runProcess(process.execPath, [resolver], {
    cwd: stackDir,
    env: emulatorEnv(emulator.url, extraEnv),
    input,
    timeoutMs: 30_000,
  });
  outputs.push(run.stdout, run.stderr);
  return run;
}

/** The success contract: exit 0, nothing on stderr, one JSON object with exactly the result keys, all strings. */
function okResult(run: { exitCode: number | null; stdout: string; stderr: string }): Record<string, string> {
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  expect(run.stdout.trim().split("\n")).toHaveLength(1);
  const result = JSON.parse(run.stdout) as Record<string, unknown>;
  expect(Object.keys(result).sort()).toEqual([...RESULT_KEYS].sort());
  for (const [key, value] of Object.entries(result)) expect([key, typeof value]).toEqual([key, "string"]);
  return result as Record<string, string>;
}

describe("happy paths", () => {
  it("prints one JSON object of strings for the latest usable backup", async () => {
    const before = emulator.requestLog.length;
    const run = await resolve({ instance_id: INSTANCE, backup_type: "system", max_age: "26h" });
    expect(okResult(run)).toEqual({
      backup_id: "sys-2h",
      start_time: formatApiTime(NOW - 2 * HOUR),
      start_time_rfc3339: `${formatApiTime(NOW - 2 * HOUR).replace(" ", "T")}+08:00`,
      end_time: formatApiTime(NOW - 2 * HOUR + 300_000),
      backup_type: "system",
      status: "2",
      locked: "false",
      remark: "nightly",
      found: "true",
      matched_count: "1",
      total_count: "3",
    });
    // One span of one page: one API call.
    expect(emulator.requestLog.slice(before).map((entry) => entry.action)).toEqual([
      "DescribeInstanceBackups",
    ]);
  });

  it("sends the session token from the environment (checked by the server) without printing it", async () => {
    // An emulator whose credentials are temporary: every request must carry exactly their token.
    const temporary = await startEmulator({
      credentials: { secretId: EMULATOR_SECRET_ID, secretKey: EMULATOR_SECRET_KEY, token: TOKEN },
      seed: {
        instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", backups: [row("man-1h", 1, "0")] }],
      },
    });
    try {
      const run = (extra: NodeJS.ProcessEnv) =>
        runProcess(process.execPath, [resolver], {
          cwd: stackDir,
          env: emulatorEnv(temporary.url, { TENCENTCLOUD_REDIS_MAX_RPS: "0", ...extra }),
          input: JSON.stringify({ instance_id: INSTANCE }),
          timeoutMs: 30_000,
        });
      const withToken = await run({ TENCENTCLOUD_SECURITY_TOKEN: TOKEN });
      outputs.push(withToken.stdout, withToken.stderr);
      expect(okResult(withToken).backup_id).toBe("man-1h");
      const without = await run({});
      expect(without.exitCode).toBe(4);
      expect(without.stderr).toMatch(/AuthFailure\.TokenFailure/);
    } finally {
      await temporary.close();
    }
  });

  it("picks any type by default and includes locked ones only when asked", async () => {
    expect(okResult(await resolve({ instance_id: INSTANCE })).backup_id).toBe("man-1h");
    const locked = await resolve({ instance_id: INSTANCE, include_locked: "true" });
    expect(okResult(locked)).toMatchObject({ backup_id: "man-locked", locked: "true" });
  });

  it("reads null and empty query values as absent keys, as the external provider's versions send them", async () => {
    // Provider 2.3.1 turned a null element into "", the others omit it; other callers may send null.
    const optional =
      "region backup_type begin_time end_time max_age statuses include_locked backup_id on_none";
    for (const absent of [null, ""]) {
      const keys = [...optional.split(" "), "endpoint", "api"];
      const query = Object.fromEntries([["instance_id", INSTANCE], ...keys.map((key) => [key, absent])]);
      expect(okResult(await resolve(query)).backup_id).toBe("man-1h");
    }
  });

  it("verifies a pin", async () => {
    const run = await resolve({ instance_id: INSTANCE, backup_id: "sys-30h" });
    expect(okResult(run)).toMatchObject({ backup_id: "sys-30h", matched_count: "1" });
  });

  it("splits a 60-day window into 30-day spans and finds a backup in the older span", async () => {
    const run = await resolve({ instance_id: INSTANCE, backup_type: "specChange", max_age: "60d" });
    expect(okResult(run).backup_id).toBe("spec-40d");
  });

  it("speaks the legacy API", async () => {
    const run = await resolve({
      instance_id: INSTANCE,
      backup_type: "system",
      max_age: "26h",
      api: "legacy",
    });
    expect(okResult(run)).toMatchObject({ backup_id: "sys-2h", end_time: "", found: "true" });
  });

  it("answers found=false with on_none=empty, every other key empty but the counts", async () => {
    const run = await resolve({
      instance_id: INSTANCE,
      backup_type: "specChange",
      max_age: "3h", // three rows in the window, none of them specChange
      on_none: "empty",
    });
    expect(okResult(run)).toEqual({
      backup_id: "",
      start_time: "",
      start_time_rfc3339: "",
      end_time: "",
      backup_type: "",
      status: "",
      locked: "false",
      remark: "",
      found: "false",
      matched_count: "0",
      total_count: "3",
    });
  });
});

describe("failures: one line on stderr, the documented exit code", () => {
  it.each([
    [
      { instance_id: INSTANCE, backup_type: "manual", max_age: "10m" },
      3,
      /^no usable manual backup of crs-res00001: /,
    ],
    [
      { instance_id: INSTANCE, backup_id: "man-locked" },
      3,
      /^no usable pinned backup for crs-res00001: backup man-locked is locked$/,
    ],
    [{ instance_id: INSTANCE, backup_id: "sys-expired" }, 3, /backup sys-expired is expired$/],
    [{ instance_id: INSTANCE, backup_id: "gone" }, 3, /backup gone not among this instance's backups/],
    [
      { instance_id: "crs-nothere" },
      4,
      /ResourceNotFound\.InstanceNotExists.*check the instance id and region/,
    ],
    [{ instance_id: INSTANCE, max_age: "2x" }, 2, /^max_age: "2x" is not a duration/],
    [{ instance_id: INSTANCE, begin_time: "soon" }, 2, /^begin_time: "soon" is not a valid time/],
    [{ instance_id: INSTANCE, backup_type: "nightly" }, 2, /^backup_type: "nightly" is not a backup type/],
    [{ instance_id: INSTANCE, statuses: "2,x" }, 2, /^statuses: "x" is not a backup status/],
    [{ instance_id: INSTANCE, include_locked: "1" }, 2, /^include_locked: "1" is not a boolean/],
    [{ instance_id: INSTANCE, on_none: "skip" }, 2, /^on_none: "skip" is not valid/],
    [{ instance_id: INSTANCE, api: "v2" }, 2, /^api: "v2" is not valid/],
    [{ instance_id: INSTANCE, endpoint: "not a url" }, 2, /^endpoint: "not a url" is not a URL/],
    [{ instance_id: "" }, 2, /^instance_id: missing/],
    [{ region: "ap-guangzhou" }, 2, /^instance_id: missing/],
    [{ instance_id: INSTANCE, secret_key: "x" }, 2, /^secret_key: unknown query key/],
    [{ instance_id: INSTANCE, max_age: 26 }, 2, /^max_age: must be a string/],
    [{ instance_id: null }, 2, /^instance_id: missing/],
    [["instance_id"], 2, /^query: must be a JSON object of strings/],
    ["not json", 2, /^query: stdin is not JSON/],
  ])("%j -> exit %i", async (query, code, message) => {
    const run = await resolve(query);
    expect(run.stdout).toBe("");
    expect(run.exitCode).toBe(code);
    expect(run.stderr.endsWith("\n")).toBe(true);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr.replace(/^crs-backup resolver: /, "").trim()).toMatch(message);
  });

  it("needs credentials from the environment, and never prints the key", async () => {
    const none = await resolve(
      { instance_id: INSTANCE },
      { TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "" },
    );
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/no Tencent Cloud credentials found; set TENCENTCLOUD_SECRET_ID/);
    const wrong = await resolve(
      { instance_id: INSTANCE },
      { TENCENTCLOUD_SECRET_KEY: "canary-wrong-secret-key" },
    );
    expect(wrong.exitCode).toBe(4);
    expect(wrong.stderr).toMatch(/AuthFailure\.SignatureFailure/);
    for (const text of [none.stderr, wrong.stderr, wrong.stdout]) {
      expect(text).not.toContain("canary-wrong-secret-key");
      expect(text).not.toContain(EMULATOR_SECRET_KEY);
    }
  });

  it("needs a region", async () => {
    const run = await resolve({ instance_id: INSTANCE }, { TENCENTCLOUD_REGION: "" });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /region: missing; set the `region` prop or option \(e.g. ap-guangzhou\), or TENCENTCLOUD_REGION where it runs/,
    );
  });
});

describe("CRS_BACKUP_LOOKUP=skip", () => {
  it("answers not found without calling the API, even for a deleted instance", async () => {
    const before = emulator.requestLog.length;
    const run = await resolve(
      { instance_id: "crs-deleted" },
      { CRS_BACKUP_LOOKUP: "skip", TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "" },
    );
    const result = okResult(run);
    expect([result.found, result.locked]).toEqual(["false", "false"]);
    for (const key of RESULT_KEYS.filter((k) => k !== "found" && k !== "locked")) {
      expect([key, result[key]]).toEqual([key, ""]);
    }
    expect(emulator.requestLog.length).toBe(before);
  });

  it("refuses any other value", async () => {
    const run = await resolve({ instance_id: INSTANCE }, { CRS_BACKUP_LOOKUP: "off" });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/CRS_BACKUP_LOOKUP: "off" is not valid; use skip/);
  });
});

describe("secrets", () => {
  it("no run of this file printed the SecretKey or the session token", () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const text of outputs) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});
