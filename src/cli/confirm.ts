/**
 * Confirmation and password input for the commands that change an instance.
 */
import { InvalidInputError } from "../backups/errors";
import type { CliIo } from "./io";

/**
 * Asks a yes/no question on a TTY unless `--yes` was given; refuses (exit 2) when nobody can answer,
 * and fails with exit 2 when the user declines, so scripts never proceed by accident.
 */
export async function confirmOrRefuse(io: CliIo, question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  requireConfirmable(io, yes);
  const answer = (await io.prompt!(`${question} [y/N] `)).trim().toLowerCase();
  if (answer !== "y" && answer !== "yes") {
    throw new InvalidInputError("yes", "aborted: not confirmed; answer y, or pass --yes");
  }
}

/** Refuses early (before any API call) when confirmation is needed and nobody can give it. */
export function requireConfirmable(io: CliIo, yes: boolean | undefined): void {
  if (yes) return;
  if (!io.isTTY || !io.prompt) {
    throw new InvalidInputError(
      "yes",
      "--yes: no terminal to ask for confirmation; pass --yes to confirm non-interactively",
    );
  }
}

/** Where a command's password comes from: `--password-stdin`, else TENCENTCLOUD_REDIS_PASSWORD, else none. */
export async function readPassword(io: CliIo, fromStdin: boolean | undefined): Promise<string | undefined> {
  if (fromStdin) {
    const text = (await io.readStdin()).replace(/\r?\n$/, "");
    if (text === "") {
      throw new InvalidInputError("password", "--password-stdin: stdin was empty; pipe the password in");
    }
    return text;
  }
  const fromEnv = io.env["TENCENTCLOUD_REDIS_PASSWORD"];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

/** The message for anyone who tries `--password VALUE`. */
const PASSWORD_FLAG_REFUSED =
  "--password: not accepted, a password on the command line leaks into shell history and process lists; " +
  "set TENCENTCLOUD_REDIS_PASSWORD or pipe it with --password-stdin";

/** Refuses `--password` / `--password=...` anywhere in argv before commander sees it. */
export function refusePasswordFlag(argv: readonly string[]): void {
  if (argv.some((arg) => arg === "--password" || arg.startsWith("--password="))) {
    throw new InvalidInputError("password", PASSWORD_FLAG_REFUSED);
  }
}
