/**
 * `crs-backup backup`: a manual backup, waited for, printing the new backup's id.
 */
import type { Command } from "commander";
import { createManualBackup } from "../../api";
import { parseInstanceId } from "../../backups/criteria";
import { addConnectionFlags, type ConnectionFlags } from "../options";
import type { CommandContext } from "../program";
import { connectionFromFlags } from "../selection";
import { addWaitFlags, type WaitFlags, waitOptionsFrom } from "../task-progress";

/** Flags of `backup`. */
export interface BackupFlags extends ConnectionFlags, WaitFlags {
  instanceId: string;
  remark?: string;
  wait?: boolean;
  json?: boolean;
  verbose?: boolean;
}

/** Registers `backup` on the program. */
export function registerBackup(program: Command, { io }: CommandContext): Command {
  const command = program
    .command("backup")
    .description("make a manual backup, wait for it and print its backup id")
    .requiredOption("--instance-id <id>", "the Redis instance, e.g. crs-abc123")
    .option(
      "--remark <text>",
      "remark stored with the backup, followed by a [crs-backup:<nonce>] tag that finds it again",
    );
  addConnectionFlags(command, ["v3"]);
  command.option(
    "--wait",
    "accepted for symmetry: backup always waits, since the id exists only once it is done",
  );
  addWaitFlags(command);
  return command
    .option("--json", "print the result as JSON")
    .option("--verbose", "log API calls and retries on stderr")
    .action(async (flags: BackupFlags) => {
      parseInstanceId(flags.instanceId, "--instance-id");
      const wait = waitOptionsFrom(flags, io, "backup task");
      const connection = connectionFromFlags(flags, io);
      const backup = await createManualBackup({
        instanceId: flags.instanceId,
        remark: flags.remark,
        connection,
        wait,
      });
      if (flags.json) {
        const { backupId, taskId, remark } = backup;
        io.stdout(`${JSON.stringify({ instanceId: flags.instanceId, backupId, taskId, remark })}\n`);
      } else io.stdout(`${backup.backupId}\n`);
    });
}
