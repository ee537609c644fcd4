/**
 * The bundled program as users run it: `node assets/crs-backup.cjs` in a child process.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { startTestEmulator, type TestEmulator } from "./emulator-fixture";
import { emulatorEnv, INSTANCE, PASSWORD, SECRET_KEY } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const BUNDLE = join(ROOT, "assets", "crs-backup.cjs");

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs the bundle with `env` only (plus PATH), collecting output; the child always ends (exit or kill). */
function runBundle(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], {
      env: { PATH: process.env["PATH"], ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

let emulator: TestEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newestSourceMs(join(ROOT, "src"))) {
    execFileSync(process.execPath, [join(ROOT, "scripts", "bundle.mjs")], { cwd: ROOT, stdio: "inherit" });
  }
  emulator = await startTestEmulator(Date.now());
  env = emulatorEnv(emulator.url, { TENCENTCLOUD_REDIS_PASSWORD: PASSWORD });
}, 120_000);
afterAll(async () => {
  await emulator?.close();
});

const STACK_FRAME = /^\s+at .+[:(]\d+/m;

describe("node assets/crs-backup.cjs", () => {
  it("latest prints the id and exits 0", async () => {
    const run = await runBundle(["latest", "--instance-id", INSTANCE, "--type", "system"], env);
    expect(run).toMatchObject({ code: 0, stdout: "sys-1h\n" });
  });

  it("no match exits 3 with one line", async () => {
    const run = await runBundle(["latest", "--instance-id", "crs-empty0001"], env);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("bad input exits 2 without a stack trace", async () => {
    const run = await runBundle(["latest", "--instance-id", INSTANCE, "--max-age", "yesterday"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^crs-backup: .*--max-age/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("an auth failure exits 4 without a stack trace or the key", async () => {
    const run = await runBundle(["latest", "--instance-id", INSTANCE], {
      ...env,
      TENCENTCLOUD_SECRET_KEY: "bad-key-0000",
    });
    expect(run.code).toBe(4);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stderr).not.toContain("bad-key-0000");
  });

  it("restore without --yes exits 2 (no TTY in a child) and never prints secrets", async () => {
    const run = await runBundle(["restore", "--instance-id", INSTANCE, "--latest"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--yes");
    for (const secret of [PASSWORD, SECRET_KEY]) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it("restore --yes --wait succeeds end to end", async () => {
    const run = await runBundle(
      ["restore", "--instance-id", INSTANCE, "--latest", "--yes", "--wait", "--poll-interval", "1s"],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\n$/);
  });

  it("emulator --demo serves the other commands and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [BUNDLE, "emulator", "--port", "0", "--demo"], {
      env: { PATH: process.env["PATH"] },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      let stdout = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        child.on("close", () => reject(new Error(`emulator exited early: ${stdout}`)));
      });
      const run = await runBundle(["latest", "--instance-id", "crs-demo0001", "--type", "manual"], {
        ...emulatorEnv(url),
      });
      expect(run).toMatchObject({ code: 0, stdout: "manual-before-upgrade\n" });
    } finally {
      child.kill("SIGTERM");
      const code = await exited;
      clearTimeout(killer);
      expect(code).toBe(0);
    }
  });
});
