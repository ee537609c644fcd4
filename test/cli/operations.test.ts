/**
 * `restore`, `clone` and `backup` against the emulator: happy paths, refusals, failures, and secrets.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestEmulator, type TestEmulator } from "./emulator-fixture";
import {
  CLONE_LATEST,
  cli,
  emulatorEnv,
  expectOneLineError,
  INSTANCE,
  PASSWORD,
  SECRET_KEY,
} from "./helpers";

const NOW = Date.now();
let emulator: TestEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startTestEmulator(NOW);
  env = emulatorEnv(emulator.url, { TENCENTCLOUD_REDIS_PASSWORD: PASSWORD });
});
afterAll(async () => {
  await emulator.close();
});

const FAST = ["--poll-interval", "1s"];
const restore = (flags: string[], options: Parameters<typeof cli>[1] = {}) =>
  cli(["restore", "--instance-id", INSTANCE, ...FAST, ...flags], { env, ...options });

function expectNoSecrets(run: { stdout: string; stderr: string }): void {
  for (const secret of [PASSWORD, SECRET_KEY]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe("crs-backup restore", () => {
  it("--latest --type system --max-age 26h --wait --yes restores sys-1h and prints the task id", async () => {
    const run = await restore(["--latest", "--type", "system", "--max-age", "26h", "--wait", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\n$/);
    expect(run.stderr).toMatch(/restore: \w+ \(\d+s\)/);
    expect(run.stderr).toContain(`crs-backup: restore of ${INSTANCE} succeeded in `);
    expectNoSecrets(run);
  });

  it("--json prints a summary object", async () => {
    const run = await restore(["--backup-id", "man-3h", "--wait", "--yes", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      instanceId: INSTANCE,
      backupId: "man-3h",
      taskId: expect.any(Number),
      taskStatus: "succeed",
    });
    expect(JSON.parse(run.stdout)).not.toHaveProperty("status");
  });

  it("the password can come from --password-stdin", async () => {
    const run = await restore(["--backup-id", "sys-1h", "--wait", "--yes", "--password-stdin"], {
      env: { ...env, TENCENTCLOUD_REDIS_PASSWORD: undefined },
      stdin: `${PASSWORD}\n`,
    });
    expect(run.code).toBe(0);
    expectNoSecrets(run);
  });

  it("a wrong password is an API error (exit 4) that never echoes the password", async () => {
    const wrong = "Wrong-Pa55word-abc";
    const run = await restore(["--backup-id", "sys-1h", "--yes"], {
      env: { ...env, TENCENTCLOUD_REDIS_PASSWORD: wrong },
    });
    expectOneLineError(run, 4, "PasswordError");
    expect(run.stderr).not.toContain(wrong);
    expect(run.stderr).not.toContain("no password was given");
  });

  it("an instance's refusal of no password at all says where the password comes from", async () => {
    const run = await restore(["--backup-id", "sys-1h", "--yes"], {
      env: { ...env, TENCENTCLOUD_REDIS_PASSWORD: undefined },
    });
    expectOneLineError(run, 4, "PasswordError");
    expect(run.stderr).toMatch(
      /; no password was given: set TENCENTCLOUD_REDIS_PASSWORD or pipe it with --password-stdin\n$/,
    );
  });

  it("a locked backup pinned by id is refused before any restore starts (exit 3)", async () => {
    expectOneLineError(await restore(["--backup-id", "man-locked-30m", "--yes"]), 3, /locked/);
  });

  it("with --include-locked the API itself refuses the locked backup (exit 4, BackupLockedError)", async () => {
    const run = await restore(["--backup-id", "man-locked-30m", "--include-locked", "--yes"]);
    expectOneLineError(run, 4, "BackupLockedError");
  });

  it("without --yes and without a terminal it refuses, telling to pass --yes (exit 2)", async () => {
    expectOneLineError(await restore(["--backup-id", "sys-1h"]), 2, "--yes");
  });

  it("on a terminal it asks and stops when the answer is not yes", async () => {
    const run = await restore(["--backup-id", "sys-1h"], { isTTY: true, answer: "n" });
    expectOneLineError(run, 2, "not confirmed");
    expect(run.prompts).toHaveLength(1);
    expect(run.prompts[0]).toMatch(
      /^Restore crs-cli00001 from backup sys-1h \(started .*\)\? This overwrites/,
    );
  });

  it("on a terminal a `y` proceeds", async () => {
    const run = await restore(["--backup-id", "sys-1h", "--wait"], { isTTY: true, answer: "y" });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\n$/);
  });

  it("a failed task exits 5", async () => {
    emulator.injectFault({ kind: "taskFailed", times: 1 });
    const run = await restore(["--backup-id", "sys-1h", "--wait", "--yes"]);
    expect(run.code).toBe(5);
    expect(run.stderr.trimEnd().split("\n").at(-1)).toMatch(/^crs-backup: task \d+ (failed|error)/);
    expectNoSecrets(run);
  });

  it("when following a started task fails, it exits 5 with the task id, never as if nothing ran", async () => {
    emulator.injectFault({ kind: "permissionDenied", action: "DescribeTaskInfo", times: 1 });
    const run = await restore(["--backup-id", "sys-1h", "--wait", "--yes", "--json"]);
    expect(run.code).toBe(5);
    const restores = emulator.requestLog.filter((entry) => entry.action === "RestoreInstance");
    expect(restores.at(-1)?.httpStatus).toBe(200);
    expect(restores.at(-1)?.errorCode).toBeUndefined();
    expectOneLineError(
      run,
      5,
      /^crs-backup: task \d+ was started, but following it failed: DescribeTaskInfo failed: .*NoCAMAuthed.*it may still be running/,
    );
    expectNoSecrets(run);
    // The restore is still running (the emulator's tasks take 300 ms, and an instance takes one at a time).
    await new Promise((resolve) => setTimeout(resolve, 400));
  });
});

describe("crs-backup clone", () => {
  /** `clone` from INSTANCE into zone 100003 with one security group, confirmed; `flags` choose the rest. */
  const clone = (flags: string[]) =>
    cli(
      [
        "clone",
        "--from",
        INSTANCE,
        "--zone-id",
        "100003",
        "--security-group-id",
        "sg-abc",
        "--yes",
        ...flags,
      ],
      {
        env,
      },
    );

  it("prints the new instance ids", async () => {
    const run = await clone(["--latest", "--type", "system"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^(crs-[\w-]+\n)+$/);
    expectNoSecrets(run);
  });

  it("--json carries the ids and the backup used", async () => {
    const run = await clone(["--backup-id", "man-3h", "--json", "--no-auth"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ backupId: "man-3h", instanceIds: [expect.any(String)] });
  });

  it("accepts --period with --billing-mode prepaid", async () => {
    const run = await clone([
      "--backup-id",
      "man-3h",
      "--billing-mode",
      "prepaid",
      "--period",
      "12",
      "--no-auth",
    ]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^(crs-[\w-]+\n)+$/);
  });

  it.each([
    [
      ["--latest", "--billing-mode", "prepaid", "--period", "13", "--no-auth"],
      "--period: 13 must be 1 to 12, 24, 36, 48 or 60",
    ],
    [["--latest", "--name", "orders staging!", "--no-auth"], '--name: "orders staging!" must be 1 to 59'],
  ])("refuses %j before any API call (exit 2)", async (flags, message) => {
    emulator.clearRequestLog();
    expectOneLineError(await clone(flags), 2, message);
    expect(emulator.requestLog).toEqual([]);
  });

  it("refuses a password CloneInstances would refuse, before any API call, never quoting it", async () => {
    emulator.clearRequestLog();
    const weak = "lowercaseonly";
    const run = await cli([...CLONE_LATEST], { env: { ...env, TENCENTCLOUD_REDIS_PASSWORD: weak } });
    expectOneLineError(
      run,
      2,
      "TENCENTCLOUD_REDIS_PASSWORD: the new instance's password must mix at least two",
    );
    expect(run.stderr).not.toContain(weak);
    expect(emulator.requestLog).toEqual([]);
  });

  describe("--output-file, a write-ahead record of a billable clone", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "crs-clone-record-"));
      file = join(dir, "staging.clone.json");
    });
    afterEach(() => {
      emulator.clearFaults();
      rmSync(dir, { recursive: true, force: true });
    });
    const clones = () => emulator.instance(INSTANCE)?.clones.length ?? 0;
    const cloneRequests = () => emulator.requestLog.filter((r) => r.action === "CloneInstances").length;
    const readRecord = () => JSON.parse(readFileSync(file, "utf8"));

    it("holds the result once Tencent names the new instances", async () => {
      const run = await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expect(run.code).toBe(0);
      expect(readRecord()).toEqual({
        from: INSTANCE,
        backupId: "man-3h",
        instanceIds: run.stdout.trim().split("\n"),
        dealName: expect.any(String),
        requestId: expect.any(String),
      });
    });

    it("an order answered without instance ids exits 5, stays recorded, and refuses the next clone until deleted", async () => {
      emulator.injectFault({ kind: "noInstanceIds", action: "CloneInstances" });
      const before = clones();
      const first = await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expectOneLineError(first, 5, /accepted order \S+ \(RequestId [\w-]+\) but named no new instance/);
      expect(clones()).toBe(before + 1); // the order stood: the instance is being made, and billed
      const record = readRecord();
      expect(record).toMatchObject({ from: INSTANCE, backupId: "man-3h", instanceIds: [] });
      expect(record.dealName).toEqual(expect.any(String));
      expect(record.unsettled).toBe(
        `CloneInstances accepted order ${record.dealName} but did not name every new instance`,
      );

      const requests = cloneRequests();
      const again = await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expectOneLineError(again, 5, `records an earlier clone of ${INSTANCE} (order ${record.dealName})`);
      expect(again.stderr).toContain("run `terraform untaint` on the clone step");
      expect(again.stderr).toContain(`if none exists, delete ${file} and apply again`);
      expect(cloneRequests()).toBe(requests);
      expect(clones()).toBe(before + 1);

      unlinkSync(file);
      const afterCheck = await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expect(afterCheck.code).toBe(0);
      expect(readRecord().instanceIds).toHaveLength(1);
    });

    it("a clone Tencent refused leaves the earlier result as it was", async () => {
      const earlier = `${JSON.stringify({ from: INSTANCE, backupId: "sys-1h", instanceIds: ["crs-earlier1"] })}\n`;
      writeFileSync(file, earlier);
      emulator.injectFault({ kind: "permissionDenied", action: "CloneInstances" });
      const run = await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expectOneLineError(run, 4, /NoCAMAuthed/);
      expect(readFileSync(file, "utf8")).toBe(earlier);
    });

    it.each([
      [
        "no answer (HTTP 500)",
        "http500",
        "CloneInstances got no answer (network failure, timeout or an HTTP error)",
      ],
      [
        "a server fault",
        "internalError",
        "CloneInstances failed with InternalError, which may come after the order was taken",
      ],
      ["an unreadable answer", "malformed", "CloneInstances answered, but the answer could not be read"],
      [
        "FailedOperation.SystemError",
        "systemError",
        "CloneInstances failed with FailedOperation.SystemError, which may come after the order was taken",
      ],
    ] as const)("a clone with %s stays recorded as unsettled", async (_name, kind, unsettled) => {
      emulator.injectFault({ kind, action: "CloneInstances" });
      const run = await clone(["--backup-id", "man-3h", "--output-file", file]);
      expect(run.code).toBe(4);
      expect(readRecord()).toMatchObject({ from: INSTANCE, backupId: "man-3h", instanceIds: [], unsettled });
      // Our words only: neither the password sent nor the server's text reach the file.
      const text = readFileSync(file, "utf8");
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/injected|not json|internal server error/);
    });

    it("one clone at a time per file: a held lock refuses the next before any API call, and a run releases it", async () => {
      await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expect(existsSync(`${file}.lock`)).toBe(false);
      writeFileSync(`${file}.lock`, "");
      const requests = cloneRequests();
      const run = await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expectOneLineError(
        run,
        5,
        `${file}.lock exists: another clone to ${file} is running, or one was killed`,
      );
      expect(cloneRequests()).toBe(requests);
    });

    it("refuses to overwrite a file that is not a clone record (exit 2)", async () => {
      writeFileSync(file, "");
      const run = await clone(["--backup-id", "man-3h", "--no-auth", "--output-file", file]);
      expectOneLineError(run, 2, `--output-file: ${file} holds something other than a clone record`);
      expect(existsSync(`${file}.lock`)).toBe(false);
    });
  });
});

describe("crs-backup backup", () => {
  it("waits and prints the new backup's id, which `latest --type manual` then finds", async () => {
    const run = await cli(["backup", "--instance-id", INSTANCE, "--remark", "cli test", ...FAST], { env });
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).not.toBe("");
    const latest = await cli(["latest", "--instance-id", INSTANCE, "--type", "manual", "--json"], { env });
    expect(JSON.parse(latest.stdout)).toMatchObject({ backupId: id });
    expect(JSON.parse(latest.stdout).remark).toContain("cli test");
  });

  /** The manual backups of INSTANCE the emulator holds now. */
  const manualIds = () =>
    new Set(
      (emulator.instance(INSTANCE)?.backups ?? []).filter((b) => b.BackupType === "0").map((b) => b.BackupId),
    );
  const newIn = (after: Set<string>, before: Set<string>) => [...after].filter((id) => !before.has(id));

  it("lists again when the new backup is not listed yet", async () => {
    // The first listing (before the request) passes; the one after the task does not show the new row.
    emulator.injectFault({ kind: "newestHidden", after: 1 });
    const before = manualIds();
    emulator.clearRequestLog();
    const run = await cli(["backup", "--instance-id", INSTANCE, ...FAST], { env });
    expect(run.code).toBe(0);
    expect(newIn(manualIds(), before)).toEqual([run.stdout.trim()]);
    expect(emulator.requestLog.filter((r) => r.action === "DescribeInstanceBackups")).toHaveLength(3);
  });

  it("--json prints the id, task id and tagged remark", async () => {
    const run = await cli(["backup", "--instance-id", INSTANCE, "--json", ...FAST], { env });
    expect(JSON.parse(run.stdout)).toMatchObject({
      instanceId: INSTANCE,
      backupId: expect.any(String),
      taskId: expect.any(Number),
      remark: expect.stringMatching(/\[crs-backup:\w+\]/),
    });
  });
});

// Last: a hanging task keeps the instance busy for good, and the service takes one operation at a time.
describe("crs-backup restore, a task that never ends", () => {
  it("a task outliving --timeout exits 5", async () => {
    emulator.injectFault({ kind: "taskHangs", times: 1 });
    const run = await restore(["--backup-id", "sys-1h", "--wait", "--yes", "--timeout", "2s"]);
    expect(run.code).toBe(5);
    expect(run.stderr.trimEnd().split("\n").at(-1)).toMatch(/^crs-backup: task \d+ still/);
  });
});
