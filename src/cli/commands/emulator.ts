/**
 * `crs-backup emulator`: a local Tencent API emulator for demos and offline tests (a dev tool).
 * The emulator is loaded at run time, never imported: the bundled CLI (assets/crs-backup.cjs, which constructs copy
 * into synthesized stacks) must not contain it. It ships beside it as assets/emulator.cjs (src/emulator/main.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { CrsBackupError, InvalidInputError } from "../../backups/errors";
import type { CommandContext } from "../program";
import { positiveInteger } from "./clone";

/** Flags of `emulator`. */
export interface EmulatorFlags {
  port: string;
  seed?: string;
  demo?: boolean;
  rateLimit?: string;
  sdkCompatible?: boolean;
}

/** What the command uses of the emulator: src/emulator/main.ts, bundled to assets/emulator.cjs. */
type EmulatorModule = typeof import("../../emulator/main");

/** The region the exports name when the seed has no instance. */
const DEFAULT_REGION = "ap-guangzhou";

/**
 * Loads the emulator. Bundled (this file is part of assets/crs-backup.cjs): assets/emulator.cjs next to the bundle,
 * absent from a stack folder's copy. From src/ or lib/: the entry module itself. The path is computed at run time
 * so esbuild leaves the require alone.
 */
function loadEmulator(): EmulatorModule {
  if (!__filename.endsWith(".cjs")) return require(join(__dirname, "..", "..", "emulator", "main"));
  const file = join(__dirname, "emulator.cjs");
  if (!existsSync(file)) {
    throw new InvalidInputError(
      "emulator",
      "the emulator is not shipped with this copy of crs-backup; run it from the installed package: npx crs-backup emulator ...",
    );
  }
  return require(file) as EmulatorModule;
}

/**
 * An error thrown by assets/emulator.cjs is an instance of that bundle's own classes: re-create an invalid-input
 * one as ours, so it is reported as such (one line, exit 2) rather than as an internal error.
 */
function asOurError(error: unknown): unknown {
  if (error instanceof CrsBackupError || !(error instanceof Error) || error.name !== "InvalidInputError") {
    return error;
  }
  const field = (error as { field?: unknown }).field;
  return new InvalidInputError(typeof field === "string" ? field : "emulator", error.message);
}

/** The port flag: 0 (any free port) to 65535. */
function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new InvalidInputError(
      "port",
      `--port: "${text}" is not a port; use 0-65535, for example --port 8000`,
    );
  }
  return port;
}

/** The seed the flags ask for: exactly one of `--seed FILE` and `--demo`. */
async function chooseSeed(flags: EmulatorFlags, emulator: EmulatorModule) {
  if (flags.seed && flags.demo) {
    throw new InvalidInputError("seed", "--seed and --demo: pass one of them, not both");
  }
  if (flags.seed) return emulator.loadSeedFile(flags.seed);
  if (flags.demo) return emulator.demoWeekSeed(Date.now());
  throw new InvalidInputError("seed", "--seed: missing; pass --seed FILE or --demo");
}

/** Starts the emulator; a port in use or not allowed is the user's to fix (exit 2), not an internal error. */
async function listen(
  emulator: EmulatorModule,
  options: Parameters<EmulatorModule["startEmulator"]>[0] & { port: number },
) {
  try {
    return await emulator.startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EACCES") throw error;
    const why = code === "EADDRINUSE" ? "is in use" : "needs privileges";
    throw new InvalidInputError(
      "port",
      `--port: ${options.port} ${why}; pick another, or --port 0 for a free one`,
    );
  }
}

/** Registers `emulator` on the program. */
export function registerEmulator(program: Command, { io }: CommandContext): Command {
  return program
    .command("emulator")
    .description("run a local Tencent Redis API emulator until Ctrl-C")
    .option("--port <n>", "port on 127.0.0.1 (0 picks a free one)", "8000")
    .option("--seed <file>", "seed file: { instances: [ { instanceId, region, password?, backups } ] }")
    .option("--demo", "seed a realistic week of backups")
    .option("--rate-limit <n>", "requests per second per action before RequestLimitExceeded")
    .option("--sdk-compatible", "also accept the official Node SDK's signatures against a local endpoint")
    .action(async (flags: EmulatorFlags) => {
      const port = parsePort(flags.port);
      const rateLimit = flags.rateLimit ? positiveInteger(flags.rateLimit, "--rate-limit", "20") : undefined;
      const emulatorModule = loadEmulator();
      const seed = await chooseSeed(flags, emulatorModule).catch((error: unknown) => {
        throw asOurError(error);
      });
      const emulator = await listen(emulatorModule, {
        port,
        seed,
        ...(rateLimit ? { rateLimit } : {}),
        sdkCompatible: flags.sdkCompatible === true,
      });
      // Listening for SIGINT/SIGTERM before the first line: whoever reads the exports may stop us at once.
      const shutdown = io.untilShutdown ? io.untilShutdown() : new Promise<void>(() => undefined);
      io.stdout(`crs-backup emulator listening on ${emulator.url}\n`);
      const instances = seed.instances.map(
        (i) =>
          `${i.instanceId} (${i.region}, ${i.backups.length} backup${i.backups.length === 1 ? "" : "s"})`,
      );
      io.stdout(`# instances: ${instances.join(", ") || "none"}\n`);
      if (rateLimit) io.stdout(`# rate limit: ${rateLimit} requests per second per action\n`);
      const regions = [...new Set(seed.instances.map((i) => i.region))];
      io.stdout("# in another shell (the key is the emulator's fake, public one):\n");
      io.stdout(`export TENCENTCLOUD_REDIS_ENDPOINT=${emulator.url}\n`);
      io.stdout(`export TENCENTCLOUD_SECRET_ID=${emulator.secretId}\n`);
      io.stdout(`export TENCENTCLOUD_SECRET_KEY=${emulatorModule.EMULATOR_SECRET_KEY}\n`);
      io.stdout(`export TENCENTCLOUD_REGION=${regions[0] ?? DEFAULT_REGION}\n`);
      // The emulator's key is permanent: a session token left in the shell would be refused, as by the service.
      io.stdout("unset TENCENTCLOUD_SECURITY_TOKEN TENCENTCLOUD_SESSION_TOKEN\n");
      if (flags.demo) {
        // A fixture like the key above, printed so `restore` and `clone` can be tried at once.
        io.stdout(`# the demo instances' fake password, for restore and clone:\n`);
        io.stdout(`export TENCENTCLOUD_REDIS_PASSWORD=${emulatorModule.DEMO_PASSWORD}\n`);
      }
      if (regions.length > 1) {
        io.stdout(`# instances in ${regions.slice(1).join(", ")}: pass --region\n`);
      }
      try {
        await shutdown;
      } finally {
        await emulator.close();
      }
    });
}
