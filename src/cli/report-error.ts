/**
 * Turns any thrown value into one stderr line and an exit code.
 */
import { CrsBackupError } from "../backups/errors";
import type { CliIo } from "./io";

/** Secrets that must never be echoed, even inside an internal error's message. */
function secretsIn(env: NodeJS.ProcessEnv): string[] {
  const names = [
    "TENCENTCLOUD_SECRET_KEY",
    "TENCENTCLOUD_SECURITY_TOKEN",
    "TENCENTCLOUD_SESSION_TOKEN",
    "TENCENTCLOUD_REDIS_PASSWORD",
  ];
  return names.map((name) => env[name] ?? "").filter((value) => value.length >= 4);
}

/** Replaces every known secret value (and any extra ones given) with `***`. */
function redact(text: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []): string {
  let out = text;
  for (const secret of [...secretsIn(env), ...extra.filter((s) => s.length > 0)]) {
    out = out.split(secret).join("***");
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Prints `crs-backup: <message>` (or `crs-backup: internal error: <message>`) and returns the exit code.
 * With CRS_BACKUP_DEBUG=1 an internal error's stack follows, still redacted.
 */
export function reportError(io: CliIo, error: unknown, extraSecrets: readonly string[] = []): number {
  if (error instanceof CrsBackupError) {
    io.stderr(`crs-backup: ${redact(oneLine(error.message), io.env, extraSecrets)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`crs-backup: internal error: ${redact(oneLine(message), io.env, extraSecrets)}\n`);
  if (io.env["CRS_BACKUP_DEBUG"] === "1" && error instanceof Error && error.stack) {
    io.stderr(`${redact(error.stack, io.env, extraSecrets)}\n`);
  }
  return 1;
}
