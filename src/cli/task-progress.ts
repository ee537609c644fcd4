/**
 * Progress lines on stderr while a task runs, and the shared waiting flags.
 */
import { type Command, Option } from "commander";
import type { WaitOptions } from "../api/tasks";
import type { CliIo } from "./io";
import { parseTimeoutFlag } from "./options";

/** Elapsed milliseconds as `1m05s`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

/** A listener printing `crs-backup: restore task 123: running (12s)` on stderr after each poll. */
function progressPrinter(io: CliIo, label: string): (elapsedMs: number, status: string) => void {
  return (elapsedMs, status) => io.stderr(`crs-backup: ${label}: ${status} (${formatElapsed(elapsedMs)})\n`);
}

/** The default task timeout when `--timeout` is not given. */
const DEFAULT_TASK_TIMEOUT = "30m";

/** Flags every waiting command shares. */
export interface WaitFlags {
  timeout: string;
  pollInterval: string;
}

/** Adds `--timeout` and `--poll-interval` (what the steps' `timeout` and `pollInterval` props pass). */
export function addWaitFlags(command: Command): Command {
  return command
    .option("--timeout <duration>", "give up waiting after this long", DEFAULT_TASK_TIMEOUT)
    .addOption(new Option("--poll-interval <duration>", "time between task polls, e.g. 10s").default("5s"));
}

/** The API layer's wait options from the flags; both durations validated, errors naming the flag. */
export function waitOptionsFrom(flags: WaitFlags, io: CliIo, label: string): WaitOptions {
  return {
    timeoutMs: parseTimeoutFlag(flags.timeout),
    pollIntervalMs: parseTimeoutFlag(flags.pollInterval, "--poll-interval"),
    onProgress: progressPrinter(io, label),
  };
}
