/**
 * `crs-backup latest` and `list` against the emulator through the real SDK.
 */

import { describeEvent } from "../../src/cli/selection";
import { startEmulator } from "../../src/emulator";
import { startTestEmulator, type TestEmulator } from "./emulator-fixture";
import { beijing, cli, emulatorEnv, expectOneLineError, INSTANCE, row, SECRET_KEY } from "./helpers";

const NOW = Date.now();
let emulator: TestEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startTestEmulator(NOW);
  env = emulatorEnv(emulator.url);
});
afterAll(() => emulator.close());

const latest = (...flags: string[]) => cli(["latest", "--instance-id", INSTANCE, ...flags], { env });

describe("crs-backup latest", () => {
  it("prints the latest usable id on stdout (the locked one is skipped) and a summary on stderr", async () => {
    const run = await latest();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("sys-1h\n");
    expect(run.stderr).toContain("system backup started");
  });

  it("--json prints one object with the documented shape", async () => {
    const run = await latest("--json", "--type", "manual");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toEqual({
      backupId: "man-3h",
      instanceId: INSTANCE,
      startTime: beijing(NOW - 3 * 3_600_000),
      startTimeRfc3339: `${beijing(NOW - 3 * 3_600_000).replace(" ", "T")}+08:00`,
      endTime: beijing(NOW - 3 * 3_600_000 + 5 * 60_000),
      backupType: "manual",
      status: 2,
      locked: false,
      remark: "before upgrade",
      size: 1048576,
      matchedCount: 1,
      totalCount: expect.any(Number),
    });
  });

  it.each([
    ["system", "sys-1h"],
    ["manual", "man-3h"],
    ["spec-change", "spec-10h"],
    ["any", "sys-1h"],
  ])("--type %s picks %s", async (type, id) => {
    const run = await latest("--type", type);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: `${id}\n` });
  });

  it("--include-locked lets the locked manual backup win", async () => {
    const run = await latest("--type", "manual", "--include-locked");
    expect(run.stdout).toBe("man-locked-30m\n");
  });

  it("a window: --begin-time/--end-time around the 25h-old system backup", async () => {
    const run = await latest(
      "--type",
      "system",
      "--begin-time",
      beijing(NOW - 30 * 3_600_000),
      "--end-time",
      new Date(NOW - 20 * 3_600_000).toISOString(),
    );
    expect(run.stdout).toBe("sys-25h\n");
  });

  it("--max-age too short for any system backup exits 3 with the diagnostics", async () => {
    const run = await latest("--type", "system", "--max-age", "30m");
    expectOneLineError(run, 3, /system/);
  });

  it("a pinned usable --backup-id is returned; an expired pin exits 3 naming the id and the reason", async () => {
    expect((await latest("--backup-id", "sys-25h")).stdout).toBe("sys-25h\n");
    const expired = await latest("--backup-id", "sys-49h");
    expectOneLineError(expired, 3, "sys-49h");
    expect(expired.stderr).toMatch(/expired/);
  });

  it("an instance with no backups exits 3", async () => {
    expectOneLineError(await cli(["latest", "--instance-id", "crs-empty0001"], { env }), 3, "crs-empty0001");
  });

  it("the legacy API finds the same backup", async () => {
    const run = await latest("--api", "legacy", "--type", "system");
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: "sys-1h\n" });
  });

  it("a wrong secret key is an API error (exit 4) naming the Tencent code, never the key", async () => {
    const run = await cli(["latest", "--instance-id", INSTANCE], {
      env: { ...env, TENCENTCLOUD_SECRET_KEY: "wrong-key-value-123" },
    });
    expectOneLineError(run, 4, "AuthFailure");
    expect(run.stderr).not.toContain("wrong-key-value-123");
  });
});

describe("crs-backup list", () => {
  it("prints a table, newest first, marking usable rows and the latest, with the diagnostics", async () => {
    const run = await cli(["list", "--instance-id", INSTANCE], { env });
    expect(run.code).toBe(0);
    const ids = ["man-locked-30m", "sys-1h", "man-3h", "spec-10h", "sys-25h", "sys-49h"];
    const positions = ids.map((id) => run.stdout.indexOf(id));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(run.stdout).toMatch(/=>\s*│\s*sys-1h/);
    expect(run.stdout).toMatch(/\*\s*│\s*man-3h/);
    expect(run.stdout).toContain("expired");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/6/);
  });

  it("--json prints an array with usable and latest flags", async () => {
    const run = await cli(["list", "--instance-id", INSTANCE, "--json", "--type", "system"], { env });
    const rows = JSON.parse(run.stdout) as Array<{ backupId: string; usable: boolean; latest: boolean }>;
    const byId = Object.fromEntries(rows.map((r) => [r.backupId, r]));
    expect(byId["sys-1h"]).toMatchObject({ usable: true, latest: true });
    expect(byId["sys-49h"]).toMatchObject({ usable: false, latest: false });
    expect(byId["man-3h"]).toMatchObject({ usable: false });
  });

  it("--verbose logs each request and retry, naming Tencent's code when there is one", async () => {
    emulator.injectFault({ kind: "internalError", action: "DescribeInstanceBackups" });
    const run = await latest("--verbose");
    emulator.clearFaults();
    expect(run.code).toBe(0);
    const retries = run.stderr.split("\n").filter((line) => line.includes("kind=retry"));
    expect(retries).toEqual([
      expect.stringMatching(
        /^crs-backup: kind=retry action=DescribeInstanceBackups attempt=1 delayMs=\d+ code=InternalError$/,
      ),
    ]);
    // A network failure has no Tencent code: the key is left out, not printed as "undefined".
    const networkRetry = {
      kind: "retry",
      action: "DescribeInstanceBackups",
      attempt: 2,
      delayMs: 7,
      code: undefined,
    };
    expect(describeEvent(networkRetry)).toBe("kind=retry action=DescribeInstanceBackups attempt=2 delayMs=7");
  });

  it("never prints the secret key", async () => {
    const run = await cli(["list", "--instance-id", INSTANCE, "--verbose"], { env });
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
  });
});

describe("server text in the output", () => {
  it("list and latest show a remark's control characters escaped, never as terminal codes", async () => {
    const remark = "nightly\u001b]0;pwned\u0007";
    const own = await startEmulator({
      seed: {
        instances: [
          {
            instanceId: INSTANCE,
            region: "ap-guangzhou",
            backups: [row("b-esc", NOW - 3_600_000, "1", { remark })],
          },
        ],
      },
    });
    try {
      const ownEnv = emulatorEnv(own.url);
      for (const command of ["list", "latest"]) {
        const run = await cli([command, "--instance-id", INSTANCE], { env: ownEnv });
        expect(run.code).toBe(0);
        const output = run.stdout + run.stderr;
        expect(output).toContain("nightly\\u001b]0;pwned\\u0007");
        // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach a terminal
        expect(output).not.toMatch(/[\u001b\u0007]/);
      }
    } finally {
      await own.close();
    }
  });
});
