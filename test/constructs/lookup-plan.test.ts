/**
 * The synthesized stack, copied to another folder, run the way Terraform runs it: the resolver as the external
 * program against the emulator; then, where `terraform` is on PATH, the pin applied for real. The external
 * provider cannot be downloaded here, so the resolver's printed result is substituted for the data source
 * (`builtInOnlyModule`): Terraform sees exactly the values the data source would have returned.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { buildApp } from "../../examples/lookup/main";
import { RedisBackupLookup } from "../../src";
import { formatApiTime } from "../../src/backups/time";
import { DEMO_INSTANCES, demoWeekSeed, type RunningEmulator, startEmulator } from "../../src/emulator";
import {
  builtInOnlyModule,
  findTerraform,
  readStack,
  runExternalPrograms,
  runTerraform,
} from "../../src/testing";
import { ensureBundled } from "../support/assets";
import { emulatorEnv } from "../support/emulator-env";

const NOW = Date.now();
let emulator: RunningEmulator;
let stackDir: string;
const scratch: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** The expected answer, computed from the seed independently of the library. */
function expectedLatestSystem(): string {
  const prod = demoWeekSeed(NOW).instances[0];
  const since = formatApiTime(NOW - 26 * 3_600_000);
  const rows = prod.backups.filter(
    (r) => r.BackupType === "1" && r.Status === 2 && r.Locked === 0 && r.StartTime >= since,
  );
  return rows.sort((a, b) => b.StartTime.localeCompare(a.StartTime))[0].BackupId;
}

beforeAll(async () => {
  ensureBundled("resolver");
  emulator = await startEmulator({ seed: demoWeekSeed(NOW) });
  const outdir = tempDir("crs-synth-");
  buildApp(outdir).synth();
  // Copy the stack folder elsewhere: it must carry everything it needs.
  stackDir = join(tempDir("crs-copied-"), "stack");
  cpSync(join(outdir, "stacks", "redis-restore-demo"), stackDir, { recursive: true });
  rmSync(outdir, { recursive: true, force: true });
});

afterAll(async () => {
  await emulator.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("the synthesized stack on another machine", () => {
  it("holds no absolute path of the build machine", () => {
    const text = readFileSync(join(stackDir, "cdk.tf.json"), "utf8");
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(tmpdir());
  });

  it("resolves the latest usable system backup of the last 26 hours", async () => {
    const [run] = await runExternalPrograms(stackDir, emulatorEnv(emulator.url));
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.result).toMatchObject({
      backup_id: expectedLatestSystem(),
      backup_type: "system",
      found: "true",
      locked: "false",
    });
    expect(Object.values(run.result ?? {}).every((value) => typeof value === "string")).toBe(true);
  });

  it("answers empty instead of failing when a pinned lookup finds nothing; unpinned it fails with exit 3", async () => {
    const dir = tempDir("crs-none-");
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, "none");
    const lookup = { instanceId: DEMO_INSTANCES.production, maxAge: "1s" };
    new RedisBackupLookup(stack, "pinned", lookup).pin();
    new RedisBackupLookup(stack, "unpinned", lookup);
    app.synth();
    const runs = await runExternalPrograms(join(dir, "stacks", "none"), emulatorEnv(emulator.url));
    const byLookup = (path: string) => runs.find((run) => run.name.includes(path))!;
    expect(byLookup("pinned_resolver")).toMatchObject({
      exitCode: 0,
      result: { found: "false", backup_id: "" },
    });
    expect(byLookup("unpinned_resolver").exitCode).toBe(3);
    expect(byLookup("unpinned_resolver").stderr).toMatch(/^crs-backup resolver: no usable backup/);
  });

  it("fails the plan with one line on stderr when the instance is gone, unless CRS_BACKUP_LOOKUP=skip", async () => {
    const dir = tempDir("crs-gone-");
    const app = new App({ outdir: dir });
    new RedisBackupLookup(new TerraformStack(app, "gone"), "l", { instanceId: "crs-deleted0" });
    app.synth();
    const goneDir = join(dir, "stacks", "gone");
    const [failed] = await runExternalPrograms(goneDir, emulatorEnv(emulator.url));
    expect(failed.exitCode).toBe(4);
    expect(failed.stderr).toMatch(
      /^crs-backup resolver: DescribeInstanceBackups failed: ResourceNotFound\.InstanceNotExists: .*\n$/,
    );
    const before = emulator.requestLog.length;
    const [skipped] = await runExternalPrograms(
      goneDir,
      emulatorEnv(emulator.url, { CRS_BACKUP_LOOKUP: "skip" }),
    );
    expect(skipped.exitCode).toBe(0);
    expect(skipped.result).toMatchObject({ found: "false", backup_id: "" });
    expect(emulator.requestLog.length).toBe(before);
  });
});

const terraform = findTerraform();
if (!terraform) {
  process.stdout.write("SKIPPED: terraform not on PATH: the real-terraform pin tests did not run\n");
}
const withTerraform = terraform ? describe : describe.skip;

withTerraform("the pin under real terraform", () => {
  const tf = terraform as string;
  let moduleDir: string;
  const apply = async (results: Record<string, Record<string, string>>, request: string) => {
    writeFileSync(
      join(moduleDir, "main.tf.json"),
      JSON.stringify(builtInOnlyModule(readStack(stackDir), results)),
    );
    return runTerraform(tf, moduleDir, ["apply", "-auto-approve", `-var=restore_request=${request}`]);
  };
  const pinned = async () =>
    JSON.parse((await runTerraform(tf, moduleDir, ["output", "-json"])).stdout).pinned_backup_id
      .value as string;
  const resolveNow = async () => {
    const runs = await runExternalPrograms(stackDir, emulatorEnv(emulator.url));
    return Object.fromEntries(runs.map((run) => [run.name, run.result as Record<string, string>]));
  };

  beforeAll(async () => {
    moduleDir = tempDir("crs-tf-");
    expect((await runTerraform(tf, moduleDir, ["init"])).exitCode).toBe(0);
  });

  it("keeps the first id when a newer backup appears, and moves only when rotateOn changes", async () => {
    const first = await resolveNow();
    expect((await apply(first, "r0")).exitCode).toBe(0);
    const initial = await pinned();
    expect(initial).toBe(expectedLatestSystem());

    emulator.addBackup(DEMO_INSTANCES.production, {
      BackupId: "newer-nightly",
      StartTime: formatApiTime(Date.now() - 1000),
      BackupType: "1",
      Status: 2,
      Locked: 0,
    });
    const second = await resolveNow();
    expect(Object.values(second)[0].backup_id).toBe("newer-nightly");
    const held = await apply(second, "r0");
    expect(held.exitCode).toBe(0);
    expect(held.stdout).toContain("0 added, 0 changed, 0 destroyed");
    expect(await pinned()).toBe(initial);

    expect((await apply(second, "r1")).exitCode).toBe(0);
    expect(await pinned()).toBe("newer-nightly");
  });

  it("holds the pin through a lookup that finds nothing; rotated then, it holds nothing until the next rotation", async () => {
    const held = await pinned();
    // The data source's answer when nothing matches: found "false", an empty id (skip mode gives the same shape).
    const empty = Object.fromEntries(
      (await runExternalPrograms(stackDir, emulatorEnv(emulator.url, { CRS_BACKUP_LOOKUP: "skip" }))).map(
        (run) => [run.name, run.result as Record<string, string>],
      ),
    );
    const quiet = await apply(empty, "r1");
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stdout).toContain("0 added, 0 changed, 0 destroyed");
    expect(await pinned()).toBe(held);

    // Rotated while nothing matches: the pin holds nothing (the restore and clone steps refuse an empty id at
    // plan time), and the next rotation with a backup in the window moves it.
    expect((await apply(empty, "r2")).exitCode).toBe(0);
    expect(await pinned()).toBe("");
    expect((await apply(await resolveNow(), "r3")).exitCode).toBe(0);
    expect(await pinned()).toBe("newer-nightly");
  });

  it("lets terraform destroy through with CRS_BACKUP_LOOKUP=skip", async () => {
    const skipped = await runExternalPrograms(
      stackDir,
      emulatorEnv(emulator.url, { CRS_BACKUP_LOOKUP: "skip" }),
    );
    const results = Object.fromEntries(
      skipped.map((run) => [run.name, run.result as Record<string, string>]),
    );
    writeFileSync(
      join(moduleDir, "main.tf.json"),
      JSON.stringify(builtInOnlyModule(readStack(stackDir), results)),
    );
    const destroy = await runTerraform(tf, moduleDir, [
      "destroy",
      "-auto-approve",
      "-var=restore_request=r3",
    ]);
    expect(destroy.exitCode).toBe(0);
    expect(destroy.stdout).toContain("Destroy complete! Resources: 1 destroyed.");
  });
});
