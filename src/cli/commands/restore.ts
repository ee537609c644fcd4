/**
 * `crs-backup restore`: restore an instance from a backup (by id, or the latest usable one).
 */
import type { Command } from "commander";
import { createV3Client, findLatestBackup, resolveConnection, restoreInstance, waitForTask } from "../../api";
import { parseInstanceId } from "../../backups/criteria";
import { ApiError, InvalidInputError } from "../../backups/errors";
import { requirePick } from "../../backups/select";
import { confirmOrRefuse, readPassword, requireConfirmable } from "../confirm";
import { addConnectionFlags, addSelectionFlags, type ConnectionFlags, type SelectionFlags } from "../options";
import type { CommandContext } from "../program";
import { connectionFromFlags, criteriaFromFlags } from "../selection";
import { addWaitFlags, formatElapsed, type WaitFlags, waitOptionsFrom } from "../task-progress";

/** Flags of `restore`. */
export interface RestoreFlags extends SelectionFlags, ConnectionFlags, WaitFlags {
  instanceId: string;
  latest?: boolean;
  wait?: boolean;
  yes?: boolean;
  json?: boolean;
  passwordStdin?: boolean;
  verbose?: boolean;
}

/** Exactly one of `--backup-id` / `--latest`: a restore must never pick a backup the user did not ask for. */
export function requireBackupChoice(flags: { backupId?: string; latest?: boolean }): void {
  if (flags.backupId && flags.latest) {
    throw new InvalidInputError("backupId", "--backup-id and --latest: pass only one of them");
  }
  if (!flags.backupId && !flags.latest) {
    throw new InvalidInputError(
      "backupId",
      "--backup-id: missing; pass --backup-id ID, or --latest with the selection flags (e.g. --type system --max-age 26h)",
    );
  }
}

/** Registers `restore` on the program. */
export function registerRestore(program: Command, { io }: CommandContext): Command {
  const command = program
    .command("restore")
    .description("restore an instance from a backup (overwrites its data)")
    .requiredOption("--instance-id <id>", "the Redis instance to restore, e.g. crs-abc123")
    .option("--latest", "restore the latest usable backup matching the selection flags");
  addSelectionFlags(command);
  addConnectionFlags(command, ["v3"]);
  command.option("--wait", "wait for the restore task to finish");
  addWaitFlags(command);
  return command
    .option("--yes", "do not ask for confirmation")
    .option("--json", "print the summary as JSON")
    .option("--password-stdin", "read the instance password from stdin (else TENCENTCLOUD_REDIS_PASSWORD)")
    .option("--verbose", "log API calls and retries on stderr")
    .action(async (flags: RestoreFlags) => {
      parseInstanceId(flags.instanceId, "--instance-id");
      requireBackupChoice(flags);
      requireConfirmable(io, flags.yes);
      const waitOptions = waitOptionsFrom(flags, io, "restore");
      const criteria = criteriaFromFlags(flags);
      const connection = connectionFromFlags(flags, io);
      const password = await readPassword(io, flags.passwordStdin);
      const outcome = await findLatestBackup({ instanceId: flags.instanceId, criteria, connection });
      const backup = requirePick(outcome, criteria, flags.instanceId);
      await confirmOrRefuse(
        io,
        `Restore ${flags.instanceId} from backup ${backup.backupId} (started ${backup.startTime} UTC+8)? ` +
          "This overwrites the instance's data.",
        flags.yes,
      );
      const { taskId } = await restoreInstance({
        instanceId: flags.instanceId,
        backupId: backup.backupId,
        password,
        connection,
      }).catch((error: unknown) => {
        throw password === undefined ? withPasswordHint(error) : error;
      });
      const summary = {
        instanceId: flags.instanceId,
        backupId: backup.backupId,
        startTime: backup.startTime,
        taskId,
        // Not `status`: in --json output that key is a backup's status code, a number (CONVENTIONS).
        taskStatus: "started" as string,
        elapsedMs: undefined as number | undefined,
      };
      if (!flags.json) io.stdout(`${taskId}\n`);
      if (flags.wait) {
        const client = createV3Client(await resolveConnection(connection));
        const task = await waitForTask(client, taskId, waitOptions);
        summary.taskStatus = task.status;
        summary.elapsedMs = task.elapsedMs;
        if (!flags.json) {
          io.stderr(
            `crs-backup: restore of ${flags.instanceId} succeeded in ${formatElapsed(task.elapsedMs)}\n`,
          );
        }
      }
      if (flags.json) io.stdout(`${JSON.stringify(summary)}\n`);
    });
}

/**
 * A password refusal when none was sent (the instance needs one): Tencent's message says only that the password
 * does not match, so say where ours comes from.
 */
function withPasswordHint(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.code?.includes("Password")) return error;
  return new ApiError(
    `${error.message}; no password was given: set TENCENTCLOUD_REDIS_PASSWORD or pipe it with --password-stdin`,
    error.code,
    error.requestId,
    error.retryable,
  );
}
