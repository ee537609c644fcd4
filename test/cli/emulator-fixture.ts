/**
 * Starts the emulator on 127.0.0.1:0 with the CLI tests' seed.
 */
import { startEmulator } from "../../src/emulator";
import { seedFor } from "./helpers";

/** The running emulator type, whatever its module names it. */
export type TestEmulator = Awaited<ReturnType<typeof startEmulator>>;

/** A fresh emulator seeded relative to `nowMs`. */
export function startTestEmulator(nowMs: number): Promise<TestEmulator> {
  return startEmulator({ port: 0, host: "127.0.0.1", seed: seedFor(nowMs) });
}
