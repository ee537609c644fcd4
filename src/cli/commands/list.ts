/**
 * `crs-backup list`: every backup in the window, marking the usable ones and the latest.
 */
import type { Command } from "commander";
import { listInstanceBackups } from "../../api";
import { parseInstanceId } from "../../backups/criteria";
import { compareNewestFirst, exclusionReason, selectLatest } from "../../backups/select";
import { backupTable, type ListRow, recordJson } from "../format";
import { addConnectionFlags, addSelectionFlags, type ConnectionFlags, type SelectionFlags } from "../options";
import type { CommandContext } from "../program";
import { connectionFromFlags, criteriaFromFlags } from "../selection";

/** Flags of `list`. */
export interface ListFlags extends SelectionFlags, ConnectionFlags {
  instanceId: string;
  json?: boolean;
  verbose?: boolean;
}

/** Registers `list` on the program. */
export function registerList(program: Command, { io }: CommandContext): Command {
  const command = program
    .command("list")
    .description("list an instance's backups in the window; * marks usable ones, => the latest")
    .requiredOption("--instance-id <id>", "the Redis instance, e.g. crs-abc123");
  addSelectionFlags(command);
  addConnectionFlags(command);
  return command
    .option("--json", "print a JSON array")
    .option("--verbose", "log API calls and retries on stderr")
    .action(async (flags: ListFlags) => {
      parseInstanceId(flags.instanceId, "--instance-id");
      const criteria = criteriaFromFlags(flags);
      const connection = connectionFromFlags(flags, io);
      const listing = await listInstanceBackups({ instanceId: flags.instanceId, criteria, connection });
      const selection = selectLatest(listing.records, criteria);
      const rows: ListRow[] = [...listing.records].sort(compareNewestFirst).map((record) => ({
        record,
        usable: exclusionReason(record, criteria) === undefined,
        latest: selection.pick?.backupId === record.backupId,
      }));
      if (flags.json) {
        const json = rows.map(({ record, usable, latest }) => ({
          ...recordJson(record, flags.instanceId),
          usable,
          latest,
        }));
        io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      io.stdout(`${backupTable(rows)}\n`);
      io.stdout(`${selection.diagnostics}\n`);
    });
}
