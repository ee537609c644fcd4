/**
 * The `crs-backup` program: commander wiring, error reporting and exit codes.
 * `runCli` runs in-process with an injected `CliIo`, so tests exercise exactly what users run.
 */
import { Command, CommanderError } from "commander";
import { InvalidInputError } from "../backups/errors";
import { registerBackup } from "./commands/backup";
import { registerClone } from "./commands/clone";
import { registerEmulator } from "./commands/emulator";
import { registerLatest } from "./commands/latest";
import { registerList } from "./commands/list";
import { registerRestore } from "./commands/restore";
import { refusePasswordFlag } from "./confirm";
import type { CliIo } from "./io";
import { reportError } from "./report-error";

/** What every command gets: the injected I/O. */
export interface CommandContext {
  readonly io: CliIo;
}

function buildProgram(context: CommandContext): Command {
  const { io } = context;
  const program = new Command("crs-backup")
    .description("Find, list, restore and clone Tencent Cloud Redis (CRS) backups.")
    .version(VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Commander's own errors are reported by runCli as one line; swallow its multi-line output here.
      outputError: () => undefined,
    });
  for (const register of [
    registerLatest,
    registerList,
    registerRestore,
    registerClone,
    registerBackup,
    registerEmulator,
  ]) {
    const command = register(program, context);
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: () => undefined,
    });
  }
  return program;
}

const VERSION = "0.1.0";

/**
 * Commander's error text (`error: unknown option '--x'`) as our one-line invalid-input error. The hint points at
 * the command's own help only when the command exists; an unknown command gets the top-level help.
 */
function fromCommanderError(
  error: CommanderError,
  argv: readonly string[],
  commandNames: readonly string[],
): InvalidInputError {
  const first = argv.find((arg) => !arg.startsWith("-"));
  if (error.code === "commander.help" && first === "help") {
    // `crs-backup help bogus`: commander printed the usage and threw its placeholder message.
    const asked = argv[argv.indexOf(first) + 1] ?? "";
    return new InvalidInputError("argv", `unknown command '${asked}'; see crs-backup --help`);
  }
  const what = error.message
    .replace(/^error:\s*/, "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\.$/, "");
  const known =
    first !== undefined && error.code !== "commander.unknownCommand" && commandNames.includes(first);
  const help = known ? `crs-backup ${first} --help` : "crs-backup --help";
  return new InvalidInputError("argv", `${what}; see ${help}`);
}

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code.
 * Never throws: every failure becomes one stderr line and its documented exit code.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let commandNames: string[] = [];
  try {
    refusePasswordFlag(argv);
    const program = buildProgram({ io });
    commandNames = program.commands.map((command) => command.name());
    if (argv.length === 0) {
      io.stderr(program.helpInformation());
      return 2;
    }
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      return reportError(io, fromCommanderError(error, argv, commandNames));
    }
    return reportError(io, error);
  }
}
