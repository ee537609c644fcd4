/**
 * Bad input a new user would try: one line naming the flag and the fix, exit 2, nothing on stdout.
 * None of these reach the network; the endpoint is a closed loopback port so a missed check would fail loudly.
 */
import {
  CLONE_LATEST,
  cli,
  EMPTY_HOME,
  emulatorEnv,
  expectOneLineError,
  INSTANCE,
  SECRET_KEY,
} from "./helpers";

const env = emulatorEnv("http://127.0.0.1:9");
const latest = (...flags: string[]) => cli(["latest", "--instance-id", INSTANCE, ...flags], { env });

describe("crs-backup bad input (exit 2, one line, names the flag)", () => {
  it.each([
    ["unknown --type", ["--type", "nightly"], "--type"],
    ["malformed --begin-time", ["--begin-time", "yesterday"], "--begin-time"],
    ["malformed --end-time", ["--end-time", "2024-13-45 99:00:00"], "--end-time"],
    [
      "begin after end",
      ["--begin-time", "2024-05-02 00:00:00", "--end-time", "2024-05-01 00:00:00"],
      "--begin-time",
    ],
    ["--max-age not a duration", ["--max-age", "1 day"], "--max-age"],
    ["--max-age with --begin-time", ["--max-age", "26h", "--begin-time", "2024-05-01 00:00:00"], "--max-age"],
    ["bad --status", ["--status", "normal"], "--status"],
    ["endpoint not a URL", ["--endpoint", "localhost:8000"], "--endpoint"],
    ["unknown flag", ["--since", "26h"], "--since"],
    ["unknown --api", ["--api", "v2"], "--api"],
  ])("%s", async (_name, flags, mention) => {
    expectOneLineError(await latest(...flags), 2, mention);
  });

  it("missing --instance-id", async () => {
    expectOneLineError(await cli(["latest", "--type", "system"], { env }), 2, "--instance-id");
  });

  it("missing region names --region and TENCENTCLOUD_REGION", async () => {
    const run = await cli(["latest", "--instance-id", INSTANCE], {
      env: { ...env, TENCENTCLOUD_REGION: undefined },
    });
    expectOneLineError(run, 2, /--region.*TENCENTCLOUD_REGION/);
  });

  it("endpoint from the environment that is not a URL names the variable", async () => {
    const run = await cli(["latest", "--instance-id", INSTANCE], {
      env: { ...env, TENCENTCLOUD_REDIS_ENDPOINT: "not a url" },
    });
    expectOneLineError(run, 2, "TENCENTCLOUD_REDIS_ENDPOINT");
  });

  it("missing credentials names the variables to set", async () => {
    const run = await cli(["latest", "--instance-id", INSTANCE], {
      env: {
        HOME: EMPTY_HOME,
        TENCENTCLOUD_REGION: "ap-guangzhou",
        TENCENTCLOUD_REDIS_ENDPOINT: "http://127.0.0.1:9",
      },
    });
    expectOneLineError(run, 2, "TENCENTCLOUD_SECRET_ID");
  });

  it("--timeout not a duration", async () => {
    const run = await cli(
      ["restore", "--instance-id", INSTANCE, "--backup-id", "x", "--yes", "--timeout", "soon"],
      {
        env,
      },
    );
    expectOneLineError(run, 2, "--timeout");
  });

  it("unknown command", async () => {
    expectOneLineError(await cli(["lastest"], { env }), 2, "lastest");
  });

  it("unknown command points at the top-level help, not the unknown command's", async () => {
    const run = await cli(["bogus", "--instance-id", INSTANCE], { env });
    expectOneLineError(run, 2, /unknown command 'bogus'; see crs-backup --help$/);
    expect(run.stderr).not.toContain("crs-backup bogus --help");
  });

  it("a bad flag of a known command keeps that command's help hint", async () => {
    expectOneLineError(
      await latest("--since", "26h"),
      2,
      /unknown option '--since'.*; see crs-backup latest --help$/,
    );
  });

  it.each([
    "restore",
    "clone",
    "backup",
  ])("%s offers only API 3.0: --api legacy is refused by the flag, and its help does not list it", async (command) => {
    const run = await cli([command, "--instance-id", INSTANCE, "--api", "legacy"], { env });
    expectOneLineError(
      run,
      2,
      new RegExp(`'legacy' is invalid\\. Allowed choices are v3; see crs-backup ${command} --help$`),
    );
    const help = await cli([command, "--help"], { env });
    expect(help.stdout).toMatch(/--api <dialect> +API dialect \(choices: "v3", default: "v3"\)/);
  });

  it("`help` with an unknown command ends with one line pointing at the top-level help", async () => {
    const run = await cli(["help", "bogus"], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(
      "crs-backup: unknown command 'bogus'; see crs-backup --help",
    );
  });

  it.each([
    ["empty", ""],
    ["blank", "  "],
  ])("%s --status is refused, not read as the default", async (_name, value) => {
    expectOneLineError(
      await latest("--status", value),
      2,
      "--status: empty; pass status codes such as 2,4, or leave the flag out for the default",
    );
  });

  it.each([
    ["--password VALUE", ["--password", "hunter2-secret"]],
    ["--password=VALUE", ["--password=hunter2-secret"]],
  ])("restore refuses %s and points at the safe ways", async (_name, flags) => {
    const run = await cli(["restore", "--instance-id", INSTANCE, "--latest", "--yes", ...flags], { env });
    expectOneLineError(run, 2, /--password.*TENCENTCLOUD_REDIS_PASSWORD.*--password-stdin/);
    expect(run.stderr).not.toContain("hunter2-secret");
  });

  it("restore needs --backup-id or --latest", async () => {
    expectOneLineError(await cli(["restore", "--instance-id", INSTANCE, "--yes"], { env }), 2, "--latest");
  });

  it("clone with a non-numeric --zone-id", async () => {
    const run = await cli(
      ["clone", "--from", INSTANCE, "--latest", "--zone-id", "gz-3", "--security-group-id", "sg-1", "--yes"],
      { env },
    );
    expectOneLineError(run, 2, "--zone-id");
  });

  const clone = (flags: string[], extraEnv: NodeJS.ProcessEnv = {}, stdin?: string) =>
    cli([...CLONE_LATEST, ...flags], {
      env: { ...env, ...extraEnv },
      ...(stdin === undefined ? {} : { stdin }),
    });

  it("clone without a password, --password-stdin or --no-auth names the three ways", async () => {
    const run = await clone([], { TENCENTCLOUD_REDIS_PASSWORD: undefined });
    expectOneLineError(run, 2, /TENCENTCLOUD_REDIS_PASSWORD.*--password-stdin.*--no-auth/);
  });

  it("clone with both --no-auth and --password-stdin", async () => {
    expectOneLineError(await clone(["--no-auth", "--password-stdin"], {}, "pw"), 2, "--no-auth");
  });

  it.each([
    ["--vpc-id", "vpc-1"],
    ["--subnet-id", "subnet-1"],
  ])("clone with %s alone", async (flag, value) => {
    expectOneLineError(await clone([flag, value, "--no-auth"]), 2, /--vpc-id and --subnet-id go together/);
  });

  it("clone with --period but postpaid billing", async () => {
    expectOneLineError(
      await clone(["--period", "12", "--no-auth"]),
      2,
      "--period: only applies to prepaid billing (--billing-mode prepaid); drop it or pass --billing-mode prepaid",
    );
    expectOneLineError(
      await clone(["--billing-mode", "postpaid", "--period", "1", "--no-auth"]),
      2,
      "--period: only applies to prepaid billing",
    );
  });

  it("no argument prints usage on stderr and exits 2", async () => {
    const run = await cli([], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: crs-backup");
  });

  it("--help exits 0 and lists the commands", async () => {
    const run = await cli(["--help"], { env });
    expect(run.code).toBe(0);
    for (const command of ["latest", "list", "restore", "clone", "backup", "emulator"]) {
      expect(run.stdout).toContain(command);
    }
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
  });
});
