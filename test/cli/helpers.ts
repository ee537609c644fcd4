/**
 * Test helpers: an in-memory CliIo, a seeded emulator and the values tests scan output for.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../src/cli/io";
import { runCli } from "../../src/cli/program";

export const SECRET_ID = "AKIDEMULATOR00000000";
export const SECRET_KEY = "emulator-secret-key-not-a-real-one";
export const PASSWORD = "Restore-Pa55word-xyz";
export const INSTANCE = "crs-cli00001";
export const REGION = "ap-guangzhou";
/** `clone` of INSTANCE's latest backup into zone 100003 with one security group, confirmed: add the rest. */
export const CLONE_LATEST = [
  "clone",
  "--from",
  INSTANCE,
  "--latest",
  "--zone-id",
  "100003",
  "--security-group-id",
  "sg-1",
  "--yes",
] as const;

/** An empty HOME so no real ~/.tccli profile is ever read. */
export const EMPTY_HOME = mkdtempSync(join(tmpdir(), "crs-cli-home-"));
afterAll(() => rmSync(EMPTY_HOME, { recursive: true, force: true }));

/** Beijing wall-clock `YYYY-MM-DD HH:MM:SS` of an instant. */
export function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

const HOUR = 3_600_000;

/** One v3 row as the API sends it. */
export function row(
  backupId: string,
  startMs: number,
  type: "0" | "1" | "2",
  extra: { status?: number; locked?: 0 | 1; remark?: string } = {},
) {
  return {
    BackupId: backupId,
    StartTime: beijing(startMs),
    EndTime: beijing(startMs + 5 * 60_000),
    ExpireTime: beijing(startMs + 7 * 24 * HOUR),
    BackupType: type,
    Status: extra.status ?? 2,
    Locked: extra.locked ?? 0,
    Remark: extra.remark ?? "",
    BackupSize: 1048576,
    FullBackup: 1,
    InstanceType: 6,
    InstanceId: INSTANCE,
    InstanceName: "cli-test",
    Region: REGION,
    FileType: "RDB",
    Encrypted: 0,
  };
}

/** A week-ish of backups relative to `nowMs`: ids say what each is. */
export function seedFor(nowMs: number) {
  return {
    instances: [
      {
        instanceId: INSTANCE,
        region: REGION,
        password: PASSWORD,
        backups: [
          row("sys-1h", nowMs - 1 * HOUR, "1"),
          row("sys-25h", nowMs - 25 * HOUR, "1"),
          row("sys-49h", nowMs - 49 * HOUR, "1", { status: -1 }),
          row("man-3h", nowMs - 3 * HOUR, "0", { remark: "before upgrade" }),
          row("man-locked-30m", nowMs - 0.5 * HOUR, "0", { locked: 1 }),
          row("spec-10h", nowMs - 10 * HOUR, "2"),
        ],
      },
      { instanceId: "crs-empty0001", region: REGION, password: PASSWORD, backups: [] },
    ],
  };
}

/** Captured output of one in-process run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for one in-process run. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  isTTY?: boolean;
  answer?: string;
  /** Sees stdout as it is written (e.g. the emulator's URL while it runs). */
  onStdout?: (text: string) => void;
  /** Resolves when a long-running command (the emulator) should stop. */
  untilShutdown?: () => Promise<void>;
}

/** The environment a pipeline would have against the emulator. */
export function emulatorEnv(url: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HOME: EMPTY_HOME,
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    TENCENTCLOUD_REGION: REGION,
    TENCENTCLOUD_REDIS_ENDPOINT: url,
    ...extra,
  };
}

/** Runs the CLI in-process and captures everything it wrote. */
export async function cli(argv: string[], options: RunOptions = {}): Promise<CliRun & { prompts: string[] }> {
  let stdout = "";
  let stderr = "";
  const prompts: string[] = [];
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? "",
    isTTY: options.isTTY ?? false,
    prompt: options.isTTY
      ? async (question) => {
          prompts.push(question);
          return options.answer ?? "";
        }
      : undefined,
    env: options.env ?? { HOME: EMPTY_HOME },
    ...(options.untilShutdown ? { untilShutdown: options.untilShutdown } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, prompts };
}

/** Asserts a user error: the exit code, exactly one stderr line, naming `mention`. */
export function expectOneLineError(run: CliRun, code: number, mention: string | RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: "" });
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^crs-backup: /);
  expect(lines[0]).not.toMatch(/internal error|\bat .*:\d+:\d+/);
  if (typeof mention === "string") expect(lines[0]).toContain(mention);
  else expect(lines[0]).toMatch(mention);
}
