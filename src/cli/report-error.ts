/**
 * Turns any thrown value into one stderr line and an exit code.
 */
import { printableLine, redactSecrets as redact } from "../api/errors";
import { CrsBackupError } from "../backups/errors";
import type { CliIo } from "./io";

/**
 * Prints `crs-backup: <message>` (or `crs-backup: internal error: <message>`) and returns the exit code.
 * With CRS_BACKUP_DEBUG=1 an internal error's stack follows, still redacted.
 */
export function reportError(io: CliIo, error: unknown, extraSecrets: readonly string[] = []): number {
  if (error instanceof CrsBackupError) {
    io.stderr(`crs-backup: ${printableLine(redact(error.message, io.env, extraSecrets))}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`crs-backup: internal error: ${printableLine(redact(message, io.env, extraSecrets))}\n`);
  if (io.env["CRS_BACKUP_DEBUG"] === "1" && error instanceof Error && error.stack) {
    io.stderr(`${redact(error.stack, io.env, extraSecrets)}\n`);
  }
  return 1;
}
