/**
 * Entry point of the bundled `crs-backup` program (assets/crs-backup.cjs).
 */
import { nodeIo } from "./io";
import { runCli } from "./program";

runCli(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli reports its own errors; reaching this means a bug in the reporter itself.
    process.stderr.write(`crs-backup: internal error: ${error instanceof Error ? error.message : error}\n`);
    process.exitCode = 1;
  },
);
