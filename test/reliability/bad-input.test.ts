/**
 * Bad input on the three surfaces a user meets: the CLI, the construct at synth time and the resolver at plan
 * time (a query Terraform could send). One table, one mistake per row: every surface must answer with one line
 * that names the field as that surface spells it, exit code 2 (CLI, resolver) or a synth error (construct).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { RedisBackupLookup, type RedisBackupLookupProps } from "../../src";
import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY } from "../../src/emulator";
import { runProcess } from "../../src/testing";
import { cli } from "../cli/helpers";
import { ensureBundled } from "../support/assets";

const HOME = mkdtempSync(join(tmpdir(), "crs-bad-home-"));
const ENV = {
  PATH: process.env.PATH,
  HOME,
  TENCENTCLOUD_SECRET_ID: EMULATOR_SECRET_ID,
  TENCENTCLOUD_SECRET_KEY: EMULATOR_SECRET_KEY,
  TENCENTCLOUD_REGION: "ap-guangzhou",
  // Unroutable on purpose: validation must fail before any request.
  TENCENTCLOUD_REDIS_ENDPOINT: "http://127.0.0.1:9",
};
afterAll(() => rmSync(HOME, { recursive: true, force: true }));

interface Mistake {
  readonly name: string;
  /** Extra CLI flags for `latest --instance-id crs-bad00001` (null: no such input on the CLI). */
  readonly cli: string[] | null;
  readonly props: Partial<Record<keyof RedisBackupLookupProps, unknown>> | null;
  readonly query: Record<string, string> | null;
  /** The field as [CLI, construct, resolver] spell it. */
  readonly names: [string, string, string];
  readonly env?: NodeJS.ProcessEnv;
}

const M = (m: Mistake) => m;
const MISTAKES: Mistake[] = [
  M({
    name: "unknown type",
    cli: ["--type", "nightly"],
    props: { backupType: "nightly" },
    query: { backup_type: "nightly" },
    names: ["--type", "backupType", "backup_type"],
  }),
  M({
    name: "duration with an unknown unit",
    cli: ["--max-age", "1w"],
    props: { maxAge: "1w" },
    query: { max_age: "1w" },
    names: ["--max-age", "maxAge", "max_age"],
  }),
  M({
    name: "zero duration",
    cli: ["--max-age", "0h"],
    props: { maxAge: "0h" },
    query: { max_age: "0h" },
    names: ["--max-age", "maxAge", "max_age"],
  }),
  M({
    name: "duration without a unit",
    cli: ["--max-age", "26"],
    props: { maxAge: "26" },
    query: { max_age: "26" },
    names: ["--max-age", "maxAge", "max_age"],
  }),
  M({
    name: "garbage time",
    cli: ["--begin-time", "yesterday"],
    props: { beginTime: "yesterday" },
    query: { begin_time: "yesterday" },
    names: ["--begin-time", "beginTime", "begin_time"],
  }),
  M({
    name: "ISO time without a zone",
    cli: ["--begin-time", "2026-11-20T02:00:00"],
    props: { beginTime: "2026-11-20T02:00:00" },
    query: { begin_time: "2026-11-20T02:00:00" },
    names: ["--begin-time", "beginTime", "begin_time"],
  }),
  M({
    name: "impossible date",
    cli: ["--end-time", "2026-02-30 00:00:00"],
    props: { endTime: "2026-02-30 00:00:00" },
    query: { end_time: "2026-02-30 00:00:00" },
    names: ["--end-time", "endTime", "end_time"],
  }),
  M({
    name: "begin after end",
    cli: ["--begin-time", "2026-11-02 00:00:00", "--end-time", "2026-11-01 00:00:00"],
    props: { beginTime: "2026-11-02 00:00:00", endTime: "2026-11-01 00:00:00" },
    query: { begin_time: "2026-11-02 00:00:00", end_time: "2026-11-01 00:00:00" },
    names: ["--begin-time", "beginTime", "begin_time"],
  }),
  M({
    name: "maxAge with beginTime",
    cli: ["--max-age", "1d", "--begin-time", "2026-11-01 00:00:00"],
    props: { maxAge: "1d", beginTime: "2026-11-01 00:00:00" },
    query: { max_age: "1d", begin_time: "2026-11-01 00:00:00" },
    names: ["--max-age", "maxAge", "max_age"],
  }),
  M({
    name: "maxAge with endTime",
    cli: ["--max-age", "1d", "--end-time", "2026-11-01 00:00:00"],
    props: { maxAge: "1d", endTime: "2026-11-01 00:00:00" },
    query: { max_age: "1d", end_time: "2026-11-01 00:00:00" },
    names: ["--max-age", "maxAge", "max_age"],
  }),
  M({
    name: "status not a number",
    cli: ["--status", "2,x"],
    props: { statuses: [2, "x"] },
    query: { statuses: "2,x" },
    names: ["--status", "statuses", "statuses"],
  }),
  M({
    name: "unknown status code",
    cli: ["--status", "9"],
    props: { statuses: [9] },
    query: { statuses: "9" },
    names: ["--status", "statuses", "statuses"],
  }),
  M({
    name: "boolean spelled wrong",
    cli: null,
    props: { includeLocked: "yes" },
    query: { include_locked: "yes" },
    names: ["", "includeLocked", "include_locked"],
  }),
  M({
    name: "backup id with spaces",
    cli: ["--backup-id", "a b"],
    props: { backupId: "a b" },
    query: { backup_id: "a b" },
    names: ["--backup-id", "backupId", "backup_id"],
  }),
  M({
    name: "endpoint without scheme",
    cli: ["--endpoint", "127.0.0.1:8000"],
    props: { endpoint: "127.0.0.1:8000" },
    query: { endpoint: "127.0.0.1:8000" },
    names: ["--endpoint", "endpoint", "endpoint"],
  }),
  M({
    name: "endpoint with a path",
    cli: ["--endpoint", "http://127.0.0.1:8000/v2"],
    props: { endpoint: "http://127.0.0.1:8000/v2" },
    query: { endpoint: "http://127.0.0.1:8000/v2" },
    names: ["--endpoint", "endpoint", "endpoint"],
  }),
  M({
    name: "unknown API version",
    cli: ["--api", "v2"],
    props: { api: "v2" },
    query: { api: "v2" },
    names: ["--api", "api", "api"],
  }),
  M({
    name: "unknown onNone",
    cli: null,
    props: { onNone: "ignore" },
    query: { on_none: "ignore" },
    names: ["", "onNone", "on_none"],
  }),
  M({
    name: "blank instance id",
    cli: ["--instance-id", " "],
    props: { instanceId: "" },
    query: { instance_id: "" },
    names: ["--instance-id", "instanceId", "instance_id"],
  }),
  M({
    name: "a terminal escape sequence in a value",
    cli: ["--type", "\u001b]0;pwned\u0007x"],
    props: { backupType: "\u001b]0;pwned\u0007x" },
    query: { backup_type: "\u001b]0;pwned\u0007x" },
    // The value is quoted as \u001b]0;pwned\u0007x: no control character reaches the terminal (expectOneCleanLine).
    names: ["--type", "backupType", "backup_type"],
  }),
  M({
    name: "region that is not a region",
    cli: ["--region", "Guangzhou"],
    props: { region: "Guangzhou" },
    query: { region: "Guangzhou" },
    names: ["--region", "region", "region"],
  }),
  M({
    name: "no region anywhere",
    cli: [],
    props: null,
    query: {},
    names: ["--region", "", "region"],
    env: { TENCENTCLOUD_REGION: "" },
  }),
  M({
    name: "no credentials",
    cli: [],
    props: null,
    query: {},
    names: ["TENCENTCLOUD_SECRET_ID", "", "TENCENTCLOUD_SECRET_ID"],
    env: { TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "" },
  }),
];

function expectOneCleanLine(text: string, name: string): void {
  const lines = text.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(name);
  expect(lines[0]).not.toMatch(/\n\s+at |internal error/);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach a terminal
  expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f]/);
}

const cliCases = MISTAKES.filter((m) => m.cli !== null).map((m) => [m.name, m] as const);
const constructCases = MISTAKES.filter((m) => m.props !== null).map((m) => [m.name, m] as const);
const resolverCases = MISTAKES.filter((m) => m.query !== null).map((m) => [m.name, m] as const);

it("covers at least 40 bad inputs across the three surfaces", () => {
  expect(cliCases.length + constructCases.length + resolverCases.length).toBeGreaterThanOrEqual(40);
});

describe("CLI: crs-backup latest", () => {
  it.each(cliCases)("%s", async (_name, m) => {
    const argv = ["latest", "--instance-id", "crs-bad00001", ...(m.cli ?? [])];
    const run = await cli(argv, { env: { ...ENV, ...m.env } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expectOneCleanLine(run.stderr, m.names[0]);
  });
});

describe("construct: RedisBackupLookup at synth", () => {
  it.each(constructCases)("%s", (_name, m) => {
    const stack = new TerraformStack(Testing.app(), "bad");
    let message = "";
    try {
      new RedisBackupLookup(stack, "lookup", {
        instanceId: "crs-bad00001",
        ...m.props,
      } as RedisBackupLookupProps);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^RedisBackupLookup bad\/lookup: /);
    expectOneCleanLine(message, `${m.names[1]}:`);
  });
});

describe("resolver: a query Terraform could send", () => {
  const resolver = ensureBundled("resolver");
  it.each(resolverCases)("%s", async (_name, m) => {
    const query = { instance_id: "crs-bad00001", ...m.query };
    const run = await runProcess(process.execPath, [resolver], {
      cwd: HOME,
      env: { ...ENV, ...m.env },
      input: JSON.stringify(query),
      timeoutMs: 30_000,
    });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expectOneCleanLine(run.stderr, m.names[2]);
  });
});
