/**
 * `crs-backup latest`: the latest usable backup of an instance.
 */
import type { Command } from "commander";
import { findLatestBackup } from "../../api";
import { parseInstanceId } from "../../backups/criteria";
import { requirePick } from "../../backups/select";
import { latestJson, latestLine } from "../format";
import { addConnectionFlags, addSelectionFlags, type ConnectionFlags, type SelectionFlags } from "../options";
import type { CommandContext } from "../program";
import { connectionFromFlags, criteriaFromFlags } from "../selection";

/** Flags of `latest`. */
export interface LatestFlags extends SelectionFlags, ConnectionFlags {
  instanceId: string;
  json?: boolean;
  verbose?: boolean;
}

/** Registers `latest` on the program. */
export function registerLatest(program: Command, { io }: CommandContext): Command {
  const command = program
    .command("latest")
    .description("print the latest usable backup of an instance (exit 3 when none matches)")
    .requiredOption("--instance-id <id>", "the Redis instance, e.g. crs-abc123");
  addSelectionFlags(command);
  addConnectionFlags(command);
  return command
    .option("--json", "print one JSON object")
    .option("--verbose", "log API calls and retries on stderr")
    .action(async (flags: LatestFlags) => {
      parseInstanceId(flags.instanceId, "--instance-id");
      const criteria = criteriaFromFlags(flags);
      const connection = connectionFromFlags(flags, io);
      const outcome = await findLatestBackup({ instanceId: flags.instanceId, criteria, connection });
      const pick = requirePick(outcome, criteria, flags.instanceId);
      if (flags.json) {
        io.stdout(`${JSON.stringify(latestJson(pick, flags.instanceId, outcome))}\n`);
      } else {
        io.stdout(`${pick.backupId}\n`);
        io.stderr(`${latestLine(pick)}; ${outcome.diagnostics}\n`);
      }
    });
}
