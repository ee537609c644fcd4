/**
 * `crs-backup emulator`: a local Tencent API emulator for demos and offline tests (a dev tool).
 * The emulator module is imported lazily so the other commands never load it.
 */
import type { Command } from "commander";
import { InvalidInputError } from "../../backups/errors";
import type { CommandContext } from "../program";
import { positiveInteger } from "./clone";

/** Flags of `emulator`. */
export interface EmulatorFlags {
  port: string;
  seed?: string;
  demo?: boolean;
  rateLimit?: string;
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
async function chooseSeed(flags: EmulatorFlags, emulator: typeof import("../../emulator")) {
  if (flags.seed && flags.demo) {
    throw new InvalidInputError("seed", "--seed and --demo: pass one of them, not both");
  }
  if (flags.seed) return emulator.loadSeedFile(flags.seed);
  if (flags.demo) return emulator.demoWeekSeed(Date.now());
  throw new InvalidInputError("seed", "--seed: missing; pass --seed FILE or --demo");
}

/** Starts the emulator; a port in use or not allowed is the user's to fix (exit 2), not an internal error. */
async function listen(
  emulator: typeof import("../../emulator"),
  options: Parameters<typeof import("../../emulator").startEmulator>[0] & { port: number },
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
    .action(async (flags: EmulatorFlags) => {
      const port = parsePort(flags.port);
      const rateLimit = flags.rateLimit ? positiveInteger(flags.rateLimit, "--rate-limit", "20") : undefined;
      const emulatorModule = await import("../../emulator");
      const seed = await chooseSeed(flags, emulatorModule);
      const emulator = await listen(emulatorModule, { port, seed, ...(rateLimit ? { rateLimit } : {}) });
      io.stdout(`crs-backup emulator listening on ${emulator.url}\n`);
      const instances = seed.instances.map(
        (i) => `${i.instanceId} (${i.region}, ${i.backups.length} backups)`,
      );
      io.stdout(`# instances: ${instances.join(", ") || "none"}\n`);
      if (rateLimit) io.stdout(`# rate limit: ${rateLimit} requests per second per action\n`);
      io.stdout(`export TENCENTCLOUD_REDIS_ENDPOINT=${emulator.url}\n`);
      io.stdout(`export TENCENTCLOUD_SECRET_ID=${emulator.secretId}\n`);
      io.stdout(
        "# and TENCENTCLOUD_SECRET_KEY: the emulator's fake key, EMULATOR_SECRET_KEY of lib/emulator (README: The emulator)\n",
      );
      try {
        await (io.untilShutdown ? io.untilShutdown() : new Promise<void>(() => undefined));
      } finally {
        await emulator.close();
      }
    });
}
