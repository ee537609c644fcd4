/**
 * The resolver's V8 code cache (src/resolver/loader.ts), run as Terraform runs the asset: where it lives, when it
 * is written, and that a bad, foreign or missing cache never changes an answer.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { runProcess } from "../../src/testing";
import { ensureBundled } from "../support/assets";
import { emulatorEnv } from "../support/emulator-env";
import { seedRows } from "../support/seed-rows";

const INSTANCE = "crs-cache0001";
const QUERY = JSON.stringify({ instance_id: INSTANCE, max_age: "7d" });
const uid = process.getuid?.();
const posix = uid === undefined ? describe.skip : describe;

let emulator: RunningEmulator;
let resolver: string;
let temp: string;

beforeAll(async () => {
  resolver = ensureBundled("resolver");
  const row = seedRows(Date.now());
  emulator = await startEmulator({
    seed: { instances: [{ instanceId: INSTANCE, region: "ap-guangzhou", backups: [row("sys-1h", 1, "1")] }] },
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), "crs-cache-test-"));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

/** The resolver with its temp dir (TMPDIR) in this test's folder. */
function resolve(query = QUERY, extraEnv: NodeJS.ProcessEnv = {}) {
  return runProcess(process.execPath, [resolver], {
    cwd: temp,
    env: emulatorEnv(emulator.url, { TMPDIR: temp, TENCENTCLOUD_REDIS_MAX_RPS: "0", ...extraEnv }),
    input: query,
    timeoutMs: 30_000,
  });
}

const cacheFolder = () => join(temp, `crs-backup-code-cache-${uid}`);
const cacheFiles = () => readdirSync(cacheFolder());

async function expectAnswer(run: ReturnType<typeof resolve>) {
  const { exitCode, stdout, stderr } = await run;
  expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
  expect(JSON.parse(stdout).backup_id).toBe("sys-1h");
}

posix("the resolver's code cache", () => {
  it("is written once, after a completed lookup, privately, and used as is afterwards", async () => {
    await expectAnswer(resolve());
    const [file] = cacheFiles();
    expect(file).toMatch(new RegExp(`^[0-9a-f]{16}-${process.version}-${process.arch}\\.bin$`));
    expect(statSync(cacheFolder()).mode & 0o777).toBe(0o700);
    const written = statSync(join(cacheFolder(), file as string));
    expect(written.mode & 0o777).toBe(0o600);

    await expectAnswer(resolve());
    expect(cacheFiles()).toEqual([file]);
    expect(statSync(join(cacheFolder(), file as string)).mtimeMs).toBe(written.mtimeMs);
  });

  it("is not written by a run that fails or skips the lookup", async () => {
    const failed = await resolve("not json");
    expect(failed.exitCode).toBe(2);
    const skipped = await resolve(QUERY, { CRS_BACKUP_LOOKUP: "skip" });
    expect(skipped.exitCode).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });

  it("replaces a corrupt cache and still answers correctly", async () => {
    await expectAnswer(resolve());
    const file = join(cacheFolder(), cacheFiles()[0] as string);
    writeFileSync(file, "not a V8 code cache");
    await expectAnswer(resolve());
    expect(statSync(file).size).toBeGreaterThan(1000);
  });

  it("drops caches and crashed writes unused for a week when it writes a new one, and keeps the rest", async () => {
    mkdirSync(cacheFolder(), { mode: 0o700 });
    const names = ["0000000000000000-v18.0.0-x64.bin", "1111111111111111-v20.0.0-x64.bin", "x.bin.99.tmp"];
    for (const name of names) writeFileSync(join(cacheFolder(), name), "old");
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    utimesSync(join(cacheFolder(), names[0] as string), eightDaysAgo, eightDaysAgo);
    utimesSync(join(cacheFolder(), names[1] as string), sixDaysAgo, eightDaysAgo); // read six days ago
    utimesSync(join(cacheFolder(), names[2] as string), eightDaysAgo, eightDaysAgo);
    await expectAnswer(resolve());
    const kept = cacheFiles();
    expect(kept).toHaveLength(2);
    expect(kept).toContain(names[1]);
    expect(kept.filter((name) => !names.includes(name))).toHaveLength(1); // the new cache
  });

  it("is neither read nor written in a folder others can write, nor with NODE_DISABLE_COMPILE_CACHE", async () => {
    mkdirSync(cacheFolder());
    chmodSync(cacheFolder(), 0o777);
    await expectAnswer(resolve());
    expect(cacheFiles()).toEqual([]);

    rmSync(cacheFolder(), { recursive: true });
    await expectAnswer(resolve(QUERY, { NODE_DISABLE_COMPILE_CACHE: "1" }));
    expect(readdirSync(temp)).not.toContain(`crs-backup-code-cache-${uid}`);
  });
});
