/**
 * The bundled program as users run it: `node assets/crs-backup.cjs` in a child process. Constructs copy that file
 * into stacks, so it must not contain the emulator: `crs-backup emulator` loads assets/emulator.cjs beside it.
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestEmulator, type TestEmulator } from "./emulator-fixture";
import { emulatorEnv, INSTANCE, PASSWORD, SECRET_KEY } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const BUNDLE = join(ROOT, "assets", "crs-backup.cjs");
const EMULATOR_BUNDLE = join(ROOT, "assets", "emulator.cjs");

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
  bundle = BUNDLE,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
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
  const newest = newestSourceMs(join(ROOT, "src"));
  if ([BUNDLE, EMULATOR_BUNDLE].some((file) => !existsSync(file) || statSync(file).mtimeMs < newest)) {
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

  it("holds none of the emulator: no fake key, no demo password, no emulator module", () => {
    const cli = readFileSync(BUNDLE, "utf8");
    const emulator = readFileSync(EMULATOR_BUNDLE, "utf8");
    // The fake key, the demo password, and the emulator server's 404 text.
    for (const marker of [
      "emulator-secret-key-not-a-real-one",
      "Demo-Passw0rd-not-secret",
      "use POST / (API 3.0)",
    ]) {
      expect(emulator).toContain(marker);
      expect(cli).not.toContain(marker);
    }
  });

  it("emulator: an unreadable seed is one line and exit 2 across the two bundles", async () => {
    const run = await runBundle(["emulator", "--port", "0", "--seed", "/nonexistent/seed.json"], {});
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(/^crs-backup: --seed: cannot read \/nonexistent\/seed\.json; .*\n$/);
  });

  it("emulator: a copy without emulator.cjs beside it (a stack folder's) refuses with one line and exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crs-stack-asset-"));
    try {
      const copy = join(dir, "crs-backup.cjs");
      copyFileSync(BUNDLE, copy);
      const run = await runBundle(["emulator", "--port", "0", "--demo"], {}, copy);
      expect(run).toMatchObject({ code: 2, stdout: "" });
      expect(run.stderr).toBe(
        "crs-backup: the emulator is not shipped with this copy of crs-backup; run it from the installed package: npx crs-backup emulator ...\n",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
