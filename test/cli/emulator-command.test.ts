/**
 * `crs-backup emulator`: starts the emulator from --demo or --seed, honours --rate-limit, serves the other
 * commands, stops on shutdown; bad flags are one-line errors with exit 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_PASSWORD } from "../../src/emulator";
import {
  cli,
  EMPTY_HOME,
  emulatorEnv,
  expectOneLineError,
  INSTANCE,
  REGION,
  SECRET_ID,
  SECRET_KEY,
  seedFor,
} from "./helpers";

/** The SDK would send loopback requests through `http_proxy` when a machine sets it: go direct. */
const DIRECT = new http.Agent();

const { Client } =
  require("tencentcloud-sdk-nodejs/tencentcloud/services/redis/v20180412/redis_client") as any;

/** The official SDK's redis client against an emulator URL. */
function sdkClient(url: string) {
  return new Client({
    credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    region: REGION,
    profile: {
      httpProfile: { endpoint: new URL(url).host, protocol: "http://", reqTimeout: 10, agent: DIRECT },
    },
  });
}

const dir = mkdtempSync(join(tmpdir(), "crs-emulator-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything the running emulator command printed so far. */
let printed = "";

/** The `export NAME=value` lines of the emulator's output, as an environment. */
function exportsIn(stdout: string): NodeJS.ProcessEnv {
  return Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** Runs `emulator` in-process until `use(url)` is done, then shuts it down; returns the run. */
async function withEmulatorCommand(args: string[], use: (url: string) => Promise<void>) {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let listening!: (url: string) => void;
  const urlSeen = new Promise<string>((resolve) => {
    listening = resolve;
  });
  printed = "";
  const run = cli(["emulator", "--port", "0", ...args], {
    env: { HOME: EMPTY_HOME },
    untilShutdown: () => stopped,
    onStdout: (text) => {
      printed += text;
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) listening(match[1]!);
    },
  });
  const url = await Promise.race([urlSeen, run.then((r) => Promise.reject(new Error(r.stderr)))]);
  try {
    await use(url);
  } finally {
    stop();
  }
  return run;
}

describe("crs-backup emulator", () => {
  it("--demo serves the demo week to `latest` and exits 0 on shutdown", async () => {
    let latest: Awaited<ReturnType<typeof cli>> | undefined;
    const run = await withEmulatorCommand(["--demo"], async (url) => {
      latest = await cli(["latest", "--instance-id", "crs-demo0001", "--type", "system", "--json"], {
        env: emulatorEnv(url),
      });
    });
    expect(latest?.stderr).toBe("");
    expect(JSON.parse(latest!.stdout)).toMatchObject({ backupType: "system", status: 2, locked: false });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^crs-backup emulator listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(run.stdout).toContain("crs-demo0001 (ap-guangzhou, 12 backups)");
    expect(run.stdout).toMatch(/^export TENCENTCLOUD_REDIS_ENDPOINT=http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it("prints complete exports: copied alone, they serve `latest` and `restore` of the demo instances", async () => {
    let latest: Awaited<ReturnType<typeof cli>> | undefined;
    let restore: Awaited<ReturnType<typeof cli>> | undefined;
    const run = await withEmulatorCommand(["--demo"], async () => {
      // The exports are written in the same tick as "listening on", so they are all there.
      const env = { HOME: EMPTY_HOME, ...exportsIn(printed) };
      latest = await cli(["latest", "--instance-id", "crs-demo0001", "--type", "system", "--json"], { env });
      restore = await cli(
        ["restore", "--instance-id", "crs-demo0001", "--latest", "--type", "system", "--yes"],
        {
          env,
        },
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^unset TENCENTCLOUD_SECURITY_TOKEN TENCENTCLOUD_SESSION_TOKEN$/m);
    expect(exportsIn(run.stdout)).toEqual({
      TENCENTCLOUD_REDIS_ENDPOINT: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_PASSWORD: DEMO_PASSWORD,
    });
    expect(restore?.stderr).toBe("");
    expect(restore?.code).toBe(0);
    expect(latest?.code).toBe(0);
    expect(JSON.parse(latest!.stdout)).toMatchObject({ backupType: "system", status: 2 });
  });

  it("names the other regions of a seed that has several", async () => {
    const seed = join(dir, "regions.json");
    const base = seedFor(Date.now());
    const shanghai = { ...base.instances[1]!, instanceId: "crs-sh000001", region: "ap-shanghai" };
    writeFileSync(seed, JSON.stringify({ instances: [base.instances[0], shanghai] }));
    const run = await withEmulatorCommand(["--seed", seed], async () => undefined);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^export TENCENTCLOUD_REGION=ap-guangzhou$/m);
    expect(run.stdout).toContain("# instances in ap-shanghai: pass --region");
    expect(run.stdout).not.toContain("TENCENTCLOUD_REDIS_PASSWORD"); // a seed's passwords are its author's
  });

  it("--seed FILE serves that seed; --rate-limit answers RequestLimitExceeded over the limit", async () => {
    const seed = join(dir, "seed.json");
    writeFileSync(seed, JSON.stringify(seedFor(Date.now())));
    const burst: string[] = [];
    let lookup: Awaited<ReturnType<typeof cli>> | undefined;
    const run = await withEmulatorCommand(
      ["--seed", seed, "--rate-limit", "1", "--sdk-compatible"],
      async (url) => {
        // The official SDK neither throttles nor retries: the burst shows the server-side limit as is.
        const client = sdkClient(url);
        const calls = Array.from({ length: 3 }, () =>
          client.DescribeInstanceBackups({ InstanceId: INSTANCE }).then(
            () => "ok",
            (error: { code?: string }) => error.code ?? "no code",
          ),
        );
        burst.push(...(await Promise.all(calls)));
        // The CLI retries RequestLimitExceeded within its budget, so it still answers.
        const env = emulatorEnv(url, { TENCENTCLOUD_REDIS_MAX_RPS: "0" });
        lookup = await cli(["latest", "--instance-id", INSTANCE, "--type", "manual", "--json"], { env });
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${INSTANCE} (ap-guangzhou, 6 backups)`);
    expect(run.stdout).toContain("# rate limit: 1 requests per second per action");
    expect(burst.sort()).toEqual(["RequestLimitExceeded", "RequestLimitExceeded", "ok"]);
    expect(lookup?.code).toBe(0);
    expect(JSON.parse(lookup!.stdout).backupId).toBe("man-3h");
  });

  it.each([
    [["--port", "0"], "--seed: missing"],
    [["--port", "0", "--seed", "x.json", "--demo"], "--seed and --demo"],
    [["--port", "0", "--seed", "/nonexistent/seed.json"], "--seed: cannot read"],
    [["--port", "70000", "--demo"], "--port"],
    [["--port", "0", "--demo", "--rate-limit", "fast"], "--rate-limit"],
  ])("refuses %j with one line and exit 2", async (args, mention) => {
    expectOneLineError(await cli(["emulator", ...args]), 2, mention);
  });

  it("refuses an invalid seed naming the field", async () => {
    const seed = join(dir, "bad.json");
    writeFileSync(seed, JSON.stringify({ instances: [{ instanceId: "crs-1", backups: [] }] }));
    expectOneLineError(await cli(["emulator", "--port", "0", "--seed", seed]), 2, "instances[0].region");
  });

  it("refuses a port in use with one line and exit 2", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = blocker.address() as net.AddressInfo;
      expectOneLineError(
        await cli(["emulator", "--port", String(port), "--demo"]),
        2,
        `--port: ${port} is in use`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
