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
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new InvalidInputError(
      "port",
      `--port: "${text}" is not a port; use 0-65535, for example --port 8000`,
    );
  }
  return port;
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
      if (!flags.seed && !flags.demo) {
        throw new InvalidInputError("seed", "--seed: missing; pass --seed FILE or --demo");
      }
      const emulatorModule = await import("../../emulator");
      const seed = flags.seed
        ? await emulatorModule.loadSeedFile(flags.seed)
        : emulatorModule.demoWeekSeed(Date.now());
      const emulator = await emulatorModule.startEmulator({ port, seed, rateLimit });
      io.stdout(`crs-backup emulator listening on ${emulator.url}\n`);
      io.stdout(`export TENCENTCLOUD_REDIS_ENDPOINT=${emulator.url}\n`);
      io.stdout(`export TENCENTCLOUD_SECRET_ID=${emulator.secretId}\n`);
      io.stdout(
        "# and TENCENTCLOUD_SECRET_KEY: the emulator's fake key (see README, Emulator credentials)\n",
      );
      try {
        await (io.untilShutdown ? io.untilShutdown() : new Promise<void>(() => undefined));
      } finally {
        await emulator.close();
      }
    });
}
