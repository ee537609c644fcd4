/**
 * RedisBackupRestore and RedisBackupClone under a real `terraform apply`, against the emulator, offline.
 * The external provider cannot be downloaded here, so the resolver's printed result is substituted for the
 * lookup (`builtInOnlyModule`); everything else (pin, local-exec provisioner, bundled CLI) runs as it would in
 * a pipeline, from a copy of the synthesized stack folder.
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { buildPipelineApp } from "../../examples/pipeline/main";
import { RedisBackupClone, RedisBackupRestore } from "../../src";
import { formatApiTime } from "../../src/backups/time";
import { DEMO_INSTANCES, demoWeekSeed, type RunningEmulator, startEmulator } from "../../src/emulator";
import {
  builtInOnlyModule,
  findTerraform,
  readStack,
  runExternalPrograms,
  runProcess,
  runTerraform,
  type TerraformRun,
} from "../../src/testing";
import { ensureBundled } from "../support/assets";
import { emulatorEnv } from "../support/emulator-env";

const terraform = findTerraform();
if (!terraform) process.stdout.write("SKIPPED: terraform not on PATH\n");
const withTerraform = terraform ? describe : describe.skip;

// The pipeline script's test runs first: it expects the seed's latest system backup, before any is added.
const NOW = Date.now();
const PROD = DEMO_INSTANCES.production;
const STAGING = DEMO_INSTANCES.staging;
/** A password of this run only (the demo's fake one is bundled into the CLI with its emulator command). */
const PASSWORD = `Tf-${randomBytes(8).toString("hex")}`;
const scratch: string[] = [];
let emulator: RunningEmulator;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** The expected pick, computed from the seed independently of the library. */
function expectedLatestSystem(): string {
  const since = formatApiTime(NOW - 26 * 3_600_000);
  const rows = demoWeekSeed(NOW).instances[0].backups.filter(
    (r) => r.BackupType === "1" && r.Status === 2 && r.Locked === 0 && r.StartTime >= since,
  );
  return rows.sort((a, b) => b.StartTime.localeCompare(a.StartTime))[0].BackupId;
}

/** Every file under `dir` (state, copied assets, anything the CLI wrote), as text. */
function allFilesText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file, "latin1"))
    .join("\n");
}

/**
 * A synthesized stack copied twice: `source` keeps cdk.tf.json (its external programs are run from there), and
 * `module` holds the assets plus main.tf.json, the built-in-only module terraform applies.
 */
function copyStack(app: App, stackName: string): { source: string; module: string } {
  app.synth();
  const synthesized = join(app.outdir, "stacks", stackName);
  const source = join(tempDir("crs-stack-"), "stack");
  const module = join(tempDir("crs-module-"), "stack");
  cpSync(synthesized, source, { recursive: true });
  cpSync(synthesized, module, { recursive: true });
  rmSync(join(module, "cdk.tf.json"));
  return { source, module };
}

async function writeModule(stack: { source: string; module: string }, env: NodeJS.ProcessEnv) {
  const runs = await runExternalPrograms(stack.source, env);
  for (const run of runs) expect(run.exitCode).toBe(0);
  const results = Object.fromEntries(runs.map((run) => [run.name, run.result as Record<string, string>]));
  writeFileSync(
    join(stack.module, "main.tf.json"),
    JSON.stringify(builtInOnlyModule(readStack(stack.source), results)),
  );
}

beforeAll(async () => {
  ensureBundled("resolver");
  ensureBundled("crs-backup");
  const seed = demoWeekSeed(NOW);
  for (const instance of seed.instances) instance.password = PASSWORD;
  emulator = await startEmulator({ seed, taskDurationMs: 50 });
});

afterAll(async () => {
  await emulator?.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("examples/pipeline/restore.sh", () => {
  const script = join(__dirname, "..", "..", "examples", "pipeline", "restore.sh");
  const run = (instanceId: string, resultFile: string) =>
    runProcess("sh", [script], {
      cwd: tempDir("crs-script-"),
      env: emulatorEnv(emulator.url, {
        REDIS_INSTANCE_ID: instanceId,
        TENCENTCLOUD_REDIS_PASSWORD: PASSWORD,
        CRS_BACKUP: `node ${ensureBundled("crs-backup")} `,
        RESTORE_RESULT: resultFile,
        RESTORE_TIMEOUT: "1m",
      }),
      timeoutMs: 60_000,
    });

  it("restores the latest system backup of the last 26 hours and writes the summary", async () => {
    const result = join(tempDir("crs-result-"), "restore-result.json");
    const before = emulator.instance(PROD)?.restores.length ?? 0;
    const done = await run(PROD, result);
    expect(done.exitCode).toBe(0);
    expect(done.stderr).toContain(`restore.sh: restored ${PROD}`);
    expect(done.stderr.includes(PASSWORD)).toBe(false);
    const summary = JSON.parse(readFileSync(result, "utf8"));
    expect(summary).toMatchObject({
      instanceId: PROD,
      backupId: expectedLatestSystem(),
      taskStatus: "succeed",
    });
    expect(emulator.instance(PROD)?.restores.slice(before)).toEqual([
      { backupId: expectedLatestSystem(), taskId: summary.taskId },
    ]);
  });

  it("passes the CLI's exit code through, pointing at its message (an API failure may follow a started request)", async () => {
    const failed = await run("crs-missing01", join(tempDir("crs-result-"), "restore-result.json"));
    expect(failed.exitCode).toBe(4);
    expect(failed.stderr).toMatch(/crs-backup: .*ResourceNotFound/);
    expect(failed.stderr).toContain(
      "restore.sh: crs-backup restore exited 4; read its message above before retrying",
    );
  });
});

withTerraform("the pipeline example under terraform apply", () => {
  const tf = terraform as string;
  let stack: { source: string; module: string };
  const outputs: TerraformRun[] = [];
  let earlier = 0; // restores made by the tests above
  const restores = () => (emulator.instance(PROD)?.restores ?? []).slice(earlier);

  const apply = async (request: string, password = PASSWORD, extra: NodeJS.ProcessEnv = {}) => {
    const env = emulatorEnv(emulator.url, { TF_VAR_redis_password: password, ...extra });
    await writeModule(stack, env);
    const run = await runTerraform(
      tf,
      stack.module,
      ["apply", "-auto-approve", `-var=restore_request=${request}`],
      env,
    );
    outputs.push(run);
    return run;
  };

  beforeAll(async () => {
    earlier = emulator.instance(PROD)?.restores.length ?? 0;
    stack = copyStack(buildPipelineApp(tempDir("crs-synth-")), "redis-restore-pipeline");
    expect((await runTerraform(tf, stack.module, ["init"])).exitCode).toBe(0);
  });

  it("restores the pinned latest system backup once", async () => {
    const run = await apply("run-1");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(restores()).toEqual([{ backupId: expectedLatestSystem(), taskId: expect.any(Number) }]);
  });

  it("does not restore again on a second apply, even when a newer backup appeared", async () => {
    emulator.addBackup(PROD, {
      BackupId: "newer-nightly",
      StartTime: formatApiTime(Date.now() - 1000),
      BackupType: "1",
      Status: 2,
      Locked: 0,
    });
    const run = await apply("run-1");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("0 added, 0 changed, 0 destroyed");
    expect(restores()).toHaveLength(1);
  });

  it("restores again, from the now latest backup, when the trigger changes", async () => {
    const run = await apply("run-2");
    expect(run.exitCode).toBe(0);
    expect(restores().map((r) => r.backupId)).toEqual([expectedLatestSystem(), "newer-nightly"]);
  });

  it("fails the apply on a wrong password, without restoring or printing it", async () => {
    const wrong = "Wrong-Passw0rd-zz9";
    const run = await apply("run-3", wrong);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("InvalidParameterValue.PasswordError");
    expect(restores()).toHaveLength(2);
    expect((run.stdout + run.stderr).includes(wrong)).toBe(false);
    expect(allFilesText(stack.module).includes(wrong)).toBe(false);
  });

  it("refuses to restore an empty id when the pin rotated while the lookup found nothing, then recovers", async () => {
    // CRS_BACKUP_LOOKUP=skip gives the data source's empty answer (found "false", backup_id ""), as a window
    // without a usable backup does for a pinned lookup.
    const refused = await apply("run-4", PASSWORD, { CRS_BACKUP_LOOKUP: "skip" });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr.replace(/\s+/g, " ")).toContain(
      "RedisBackupRestore redis-restore-pipeline/restore: backupId is empty: the lookup found no usable backup",
    );
    expect(restores()).toHaveLength(2);
    const recovered = await apply("run-5");
    expect(recovered.exitCode).toBe(0);
    expect(restores().map((r) => r.backupId)).toEqual([
      expectedLatestSystem(),
      "newer-nightly",
      "newer-nightly",
    ]);
  });

  it("never writes the password to the state, the stack folder or the apply output", () => {
    expect(readFileSync(join(stack.module, "terraform.tfstate"), "utf8")).toContain(PROD);
    expect(allFilesText(stack.module).includes(PASSWORD)).toBe(false);
    expect(allFilesText(stack.source).includes(PASSWORD)).toBe(false);
    for (const run of outputs) expect((run.stdout + run.stderr).includes(PASSWORD)).toBe(false);
  });
});

withTerraform("restore and clone with the runner's TENCENTCLOUD_REDIS_PASSWORD", () => {
  const tf = terraform as string;
  let stack: { source: string; module: string };
  const env = () => emulatorEnv(emulator.url, { TENCENTCLOUD_REDIS_PASSWORD: PASSWORD });
  const apply = async (request: string) => {
    await writeModule(stack, env());
    return runTerraform(tf, stack.module, ["apply", "-auto-approve", `-var=request=${request}`], env());
  };

  beforeAll(async () => {
    const app = new App({ outdir: tempDir("crs-synth-") });
    const root = new TerraformStack(app, "staging");
    const request = new TerraformVariable(root, "request", { type: "string" });
    new RedisBackupRestore(root, "restore", {
      instanceId: STAGING,
      backupId: "staging-nightly",
      trigger: request.stringValue,
      pollInterval: "1s",
    });
    new RedisBackupClone(root, "copy", {
      sourceInstanceId: STAGING,
      backupId: "staging-nightly",
      trigger: request.stringValue,
      zoneId: 100003,
      securityGroupIds: ["sg-test0001"],
      outputFile: "staging-copy.json",
    });
    stack = copyStack(app, "staging");
    expect((await runTerraform(tf, stack.module, ["init"])).exitCode).toBe(0);
  });

  it("restores and clones once per request, and writes the clone's ids to the output file", async () => {
    const first = await apply("a");
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    // No sensitive value in this step's config, so terraform shows the CLI's summary.
    expect(first.stdout).toMatch(
      /\(local-exec\): \{"instanceId":"crs-stage001","backupId":"staging-nightly",.*"taskStatus":"succeed"/,
    );
    expect(emulator.instance(STAGING)?.restores.map((r) => r.backupId)).toEqual(["staging-nightly"]);
    const written = JSON.parse(readFileSync(join(stack.module, "staging-copy.json"), "utf8"));
    expect(written).toMatchObject({ from: STAGING, backupId: "staging-nightly" });
    expect(written.instanceIds).toHaveLength(1);
    expect(emulator.instance(written.instanceIds[0])).toBeDefined();

    const again = await apply("a");
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("0 added, 0 changed, 0 destroyed");
    expect(emulator.instance(STAGING)?.restores).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(stack.module, "staging-copy.json"), "utf8"))).toEqual(written);
    for (const run of [first, again]) expect((run.stdout + run.stderr).includes(PASSWORD)).toBe(false);
    expect(allFilesText(stack.module).includes(PASSWORD)).toBe(false);
  });
});
