/**
 * Secret hygiene: canary credentials, a canary security token and a canary instance password must never appear in
 * synthesized JSON, the resolver's query, stdout or stderr, the CLI's output (verbose and error paths too), any
 * file written, or the emulator's request log.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { RedisBackupLookup, RedisBackupRestore } from "../../src";
import { formatApiTime } from "../../src/backups/time";
import { EMULATOR_SECRET_ID, type RunningEmulator, startEmulator } from "../../src/emulator";
import { runExternalPrograms, runProcess } from "../../src/testing";
import { cli } from "../cli/helpers";
import { ensureBundled } from "../support/assets";

const CANARIES = {
  secretKey: "canary-SECRETKEY-7f3a9c21",
  wrongKey: "canary-WRONGKEY-4b8e1d07",
  token: "canary-TOKEN-93c2e5aa",
  password: "canary-PASSWORD-Xy9!q2",
};
const INSTANCE = "crs-secret01";
const outputs: { where: string; text: string }[] = [];
const dirs: string[] = [];
let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function record(where: string, ...texts: string[]): void {
  for (const text of texts) outputs.push({ where, text });
}

beforeAll(async () => {
  ensureBundled("resolver");
  ensureBundled("crs-backup");
  const now = Date.now();
  emulator = await startEmulator({
    // The canary token is the session token of these (temporary) credentials: the emulator checks it.
    credentials: { secretId: EMULATOR_SECRET_ID, secretKey: CANARIES.secretKey, token: CANARIES.token },
    taskDurationMs: 20,
    seed: {
      instances: [
        {
          instanceId: INSTANCE,
          region: "ap-guangzhou",
          password: CANARIES.password,
          backups: [
            {
              BackupId: "b-1",
              StartTime: formatApiTime(now - 3_600_000),
              BackupType: "1",
              Status: 2,
              Locked: 0,
            },
          ],
        },
      ],
    },
  });
  env = {
    PATH: process.env.PATH,
    HOME: temp("crs-secret-home-"),
    TENCENTCLOUD_SECRET_ID: EMULATOR_SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: CANARIES.secretKey,
    TENCENTCLOUD_SECURITY_TOKEN: CANARIES.token,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_REDIS_ENDPOINT: emulator.url,
    TENCENTCLOUD_REDIS_PASSWORD: CANARIES.password,
    TENCENTCLOUD_REDIS_MAX_RPS: "0",
  };
});

afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it("synthesis and the plan-time resolver never carry a secret", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, env); // a synth run inside a pipeline that has every secret in its environment
  const outdir = temp("crs-secret-synth-");
  try {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "secrets");
    const password = new TerraformVariable(stack, "redis_password", { type: "string", sensitive: true });
    const lookup = new RedisBackupLookup(stack, "latest", { instanceId: INSTANCE, maxAge: "1d" });
    new RedisBackupRestore(stack, "restore", {
      instanceId: INSTANCE,
      backupId: lookup.pin({ rotateOn: "r1" }).backupId,
      trigger: "r1",
      password: password.stringValue,
    });
    app.synth();
  } finally {
    process.env = saved;
  }
  const stackDir = join(outdir, "stacks", "secrets");
  const [ok] = await runExternalPrograms(stackDir, env);
  expect(ok.result?.backup_id).toBe("b-1");
  record("resolver stdin", JSON.stringify(ok.query));
  record("resolver output", ok.stdout, ok.stderr);
  const [wrong] = await runExternalPrograms(stackDir, { ...env, TENCENTCLOUD_SECRET_KEY: CANARIES.wrongKey });
  expect(wrong.exitCode).toBe(4);
  record("resolver error output", wrong.stdout, wrong.stderr);
  const resolver = ensureBundled("resolver");
  const verbose = await runProcess(process.execPath, [resolver], {
    cwd: stackDir,
    env,
    input: JSON.stringify({ instance_id: INSTANCE, backup_id: "missing" }),
    timeoutMs: 30_000,
  });
  expect(verbose.exitCode).toBe(3);
  record("resolver no-match output", verbose.stdout, verbose.stderr);
});

it("the CLI never prints a secret, on success, verbose or error paths", async () => {
  const runs: [string, string[], NodeJS.ProcessEnv?][] = [
    ["latest --json", ["latest", "--instance-id", INSTANCE, "--json"]],
    ["latest --verbose", ["latest", "--instance-id", INSTANCE, "--verbose"]],
    ["list --json", ["list", "--instance-id", INSTANCE, "--json"]],
    ["restore", ["restore", "--instance-id", INSTANCE, "--backup-id", "b-1", "--yes", "--wait", "--json"]],
    ["backup", ["backup", "--instance-id", INSTANCE, "--remark", "canary run", "--json"]],
    [
      "wrong key --verbose",
      ["latest", "--instance-id", INSTANCE, "--verbose"],
      { TENCENTCLOUD_SECRET_KEY: CANARIES.wrongKey },
    ],
    [
      "wrong password",
      ["restore", "--instance-id", INSTANCE, "--backup-id", "b-1", "--yes"],
      { TENCENTCLOUD_REDIS_PASSWORD: `${CANARIES.password}-x` },
    ],
    ["no match", ["latest", "--instance-id", INSTANCE, "--backup-id", "nope"]],
    ["bad flag", ["latest", "--instance-id", INSTANCE, "--max-age", "1w"]],
  ];
  for (const [name, argv, extra] of runs) {
    const run = await cli(argv, { env: { ...env, ...extra } });
    record(`cli ${name}`, run.stdout, run.stderr);
  }
  expect(outputs.some((o) => o.where === "cli restore" && o.text.includes("succeed"))).toBe(true);
});

it("an error page that echoes the request never carries a secret into the resolver's or the CLI's output", async () => {
  // A proxy or web firewall answering 403 with the request's headers and body quoted back.
  const echo = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk;
    });
    req.on("end", () =>
      res.writeHead(403).end(`denied; token=${String(req.headers["x-tc-token"])} ${req.url} ${body}`),
    );
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  const echoEnv = {
    ...env,
    TENCENTCLOUD_REDIS_ENDPOINT: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
  };
  try {
    const resolver = await runProcess(process.execPath, [ensureBundled("resolver")], {
      cwd: temp("crs-secret-echo-"),
      env: echoEnv,
      input: JSON.stringify({ instance_id: INSTANCE }),
      timeoutMs: 30_000,
    });
    expect(resolver.exitCode).toBe(4);
    expect(resolver.stderr).toMatch(/HTTP 403: denied; token=\*\*\*/);
    record("resolver output behind an echoing proxy", resolver.stdout, resolver.stderr);
    for (const api of ["v3", "legacy"]) {
      const run = await cli(["latest", "--instance-id", INSTANCE, "--api", api], { env: echoEnv });
      expect(run.code).toBe(4);
      record(`cli latest --api ${api} behind an echoing proxy`, run.stdout, run.stderr);
    }
  } finally {
    echo.closeAllConnections();
    await new Promise((resolve) => echo.close(resolve));
  }
});

it("no output, file or log holds a canary", () => {
  record("emulator request log", JSON.stringify(emulator.requestLog));
  for (const dir of dirs) {
    for (const file of walk(dir)) record(`file ${file}`, readFileSync(file, "latin1"));
  }
  expect(outputs.length).toBeGreaterThan(20);
  const leaks = outputs.flatMap(({ where, text }) =>
    Object.entries(CANARIES)
      .filter(([, canary]) => text.includes(canary))
      .map(([name]) => `${name} in ${where}`),
  );
  expect(leaks).toEqual([]);
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
