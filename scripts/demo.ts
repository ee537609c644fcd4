/**
 * `npm run demo`: the main job, offline. Starts the emulator with a week of backups, synthesizes the example stack
 * to cdktf.out, runs its plan-time lookups exactly as Terraform's external provider would, and, when `terraform` is
 * on PATH, applies the pin to show it holds when a newer backup appears and moves when rotated.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildApp } from "../examples/lookup/main";
import { formatApiTime, parseApiTime } from "../src/backups/time";
import {
  DEMO_INSTANCES,
  demoWeekSeed,
  EMULATOR_SECRET_ID,
  EMULATOR_SECRET_KEY,
  startEmulator,
} from "../src/emulator";
import {
  builtInOnlyModule,
  findTerraform,
  readStack,
  runExternalPrograms,
  runTerraform,
} from "../src/testing";

const OUTDIR = process.env.CRS_DEMO_OUTDIR ?? resolve(__dirname, "..", "cdktf.out");
const STACK_DIR = join(OUTDIR, "stacks", "redis-restore-demo");
const say = (line = "") => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const emulator = await startEmulator({ seed: demoWeekSeed(Date.now()) });
  try {
    const env = {
      PATH: process.env.PATH,
      TENCENTCLOUD_SECRET_ID: EMULATOR_SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: EMULATOR_SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_ENDPOINT: emulator.url,
    };
    say("crs-backup demo: offline, on the embedded Tencent API emulator\n");
    say(
      `1. Emulator at ${emulator.url}: ${DEMO_INSTANCES.production} (orders-prod) has 8 nightly system backups,`,
    );
    say("   manual ones (one locked), one expired and one taken by a spec change.");
    rmSync(OUTDIR, { recursive: true, force: true });
    buildApp(OUTDIR).synth();
    say(`2. Synthesized examples/lookup/main.ts to ${STACK_DIR}`);
    say(
      "3. Plan-time lookups, run as Terraform's external provider runs them (stack folder as cwd, JSON on stdin):",
    );
    const first = await resolveLookups(env);
    if (!first) return 1;
    const tf = findTerraform();
    if (!tf) {
      say("4. terraform is not on PATH: skipped applying the pin (install terraform >= 1.4 to see it).");
      return 0;
    }
    return await applyPins(tf, env, first, emulator);
  } finally {
    await emulator.close();
  }
}

type Results = Record<string, Record<string, string>>;

async function resolveLookups(env: NodeJS.ProcessEnv): Promise<Results | undefined> {
  const results: Results = {};
  for (const run of await runExternalPrograms(STACK_DIR, env)) {
    if (!run.result) {
      say(`   data.external.${run.name}: FAILED (exit ${run.exitCode}): ${run.stderr.trim()}`);
      return undefined;
    }
    const r = run.result;
    say(`   data.external.${run.name}  query ${JSON.stringify(run.query)}`);
    say(
      `     -> ${r.backup_type} backup ${r.backup_id} started ${r.start_time_rfc3339}; ${r.matched_count} of ${r.total_count} backups in the window matched`,
    );
    results[run.name] = r;
  }
  return results;
}

/**
 * Times for a backup that is the newest of production's, at whatever time of day the demo runs: a minute ago, or
 * just after the seeded nightly when that started less than a minute ago (never in the future, which the lookup's
 * window would leave out); its end after every seeded end, so that even a start in the same second sorts it first.
 */
function newerThanSeeded(emulator: Awaited<ReturnType<typeof startEmulator>>): {
  startMs: number;
  endMs: number;
} {
  const rows = emulator.instance(DEMO_INSTANCES.production)?.backups ?? [];
  const latest = (times: (string | undefined)[]) =>
    Math.max(0, ...times.map((time) => (time ? (parseApiTime(time) ?? 0) : 0)));
  const now = Date.now();
  const startMs = Math.min(now, Math.max(now - 60_000, latest(rows.map((row) => row.StartTime)) + 1_000));
  const endMs = Math.max(now, latest(rows.map((row) => row.EndTime)) + 1_000);
  return { startMs, endMs };
}

async function applyPins(
  tf: string,
  env: NodeJS.ProcessEnv,
  first: Results,
  emulator: Awaited<ReturnType<typeof startEmulator>>,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "crs-demo-tf-"));
  const stack = readStack(STACK_DIR);
  const apply = async (results: Results, request: string) => {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(builtInOnlyModule(stack, results), null, 2));
    const run = await runTerraform(tf, dir, ["apply", "-auto-approve", `-var=restore_request=${request}`]);
    if (run.exitCode !== 0) throw new Error(`terraform apply failed: ${run.stderr.trim()}`);
    const outputs = JSON.parse((await runTerraform(tf, dir, ["output", "-json"])).stdout) as Record<
      string,
      { value: string }
    >;
    return outputs.pinned_backup_id.value;
  };
  try {
    say(
      `4. terraform (${tf}) applies the built-in part of the stack (the terraform_data pin), with the lookup's`,
    );
    say("   result substituted for the data source (the external provider cannot be downloaded here):");
    if ((await runTerraform(tf, dir, ["init"])).exitCode !== 0) throw new Error("terraform init failed");
    const pinned = await apply(first, "initial");
    say(`   apply #1 (restore_request=initial): pinned ${pinned}`);
    const newer = `${Date.now()}-newer-nightly`;
    const { startMs, endMs } = newerThanSeeded(emulator);
    emulator.addBackup(DEMO_INSTANCES.production, {
      BackupId: newer,
      StartTime: formatApiTime(startMs),
      EndTime: formatApiTime(endMs),
      BackupType: "1",
      Status: 2,
      Locked: 0,
      Remark: "",
    });
    say(`   a newer system backup appears: ${newer}`);
    const second = await resolveLookups(env);
    if (!second) return 1;
    const held = await apply(second, "initial");
    say(
      `   apply #2 (restore_request=initial): pin ${held === pinned ? "HELD" : "MOVED (unexpected!)"} at ${held}`,
    );
    const rotated = await apply(second, "rotate-1");
    say(
      `   apply #3 (restore_request=rotate-1): pin ${rotated === newer ? "ROTATED" : "DID NOT ROTATE (unexpected!)"} to ${rotated}`,
    );
    const ok = held === pinned && rotated === newer;
    say(
      ok
        ? "\nDone: the lookup picked the latest usable system backup, the pin held, and rotation moved it."
        : "\nFAILED",
    );
    return ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
