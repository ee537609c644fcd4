/**
 * `crs-backup clone`: new instances from a backup of a source instance.
 */
import { type Command, Option } from "commander";
import {
  cloneInstances,
  findLatestBackup,
  instanceNameProblem,
  passwordProblem,
  periodProblem,
} from "../../api";
import { parseInstanceId } from "../../backups/criteria";
import { InvalidInputError } from "../../backups/errors";
import { requirePick } from "../../backups/select";
import { CloneRecord } from "../clone-record";
import { confirmOrRefuse, readPassword, requireConfirmable } from "../confirm";
import type { CliIo } from "../io";
import { addConnectionFlags, addSelectionFlags, type ConnectionFlags, type SelectionFlags } from "../options";
import type { CommandContext } from "../program";
import { connectionFromFlags, criteriaFromFlags } from "../selection";
import { requireBackupChoice } from "./restore";

/** Flags of `clone`. */
export interface CloneFlags extends SelectionFlags, ConnectionFlags {
  from: string;
  latest?: boolean;
  zoneId: string;
  securityGroupId: string;
  vpcId?: string;
  subnetId?: string;
  name?: string;
  billingMode: "postpaid" | "prepaid";
  period?: string;
  passwordStdin?: boolean;
  auth: boolean;
  wait?: boolean;
  json?: boolean;
  yes?: boolean;
  verbose?: boolean;
  outputFile?: string;
}

/** A positive integer flag value, or invalid input naming the flag. */
export function positiveInteger(text: string, flag: string, example: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) {
    throw new InvalidInputError(
      flag,
      `${flag}: "${text}" is not a positive whole number; for example ${flag} ${example}`,
    );
  }
  return Number(text);
}

/** VPC and subnet go together: CloneInstances refuses one without the other. */
function requireNetworkPair(flags: CloneFlags): void {
  if (Boolean(flags.vpcId) !== Boolean(flags.subnetId)) {
    const given = flags.vpcId ? "--vpc-id" : "--subnet-id";
    throw new InvalidInputError(
      "vpcId",
      `${given}: --vpc-id and --subnet-id go together; pass both, or neither for the default network`,
    );
  }
}

/**
 * The new instance's password, or undefined with --no-auth. Checked before any API call: CloneInstances
 * refuses a missing password only after the lookup, and a clone is billable.
 */
async function clonePassword(io: CliIo, flags: CloneFlags): Promise<string | undefined> {
  if (!flags.auth) {
    if (flags.passwordStdin) {
      throw new InvalidInputError("password", "--no-auth and --password-stdin: pass one of them, not both");
    }
    return undefined;
  }
  const password = await readPassword(io, flags.passwordStdin);
  if (password === undefined) {
    throw new InvalidInputError(
      "password",
      "--password-stdin: the new instance needs a password; set TENCENTCLOUD_REDIS_PASSWORD, pipe it with " +
        "--password-stdin, or pass --no-auth",
    );
  }
  const problem = passwordProblem(password);
  if (problem) {
    const source = flags.passwordStdin ? "--password-stdin" : "TENCENTCLOUD_REDIS_PASSWORD";
    throw new InvalidInputError("password", `${source}: the new instance's password ${problem}`);
  }
  return password;
}

/**
 * `--period` (months) only means something for prepaid billing: refuse it given with postpaid rather than send a
 * term the user may think they bought. Commander's default of 1 is not "given".
 */
function requirePrepaidForPeriod(flags: CloneFlags, command: Command): void {
  if (command.getOptionValueSource("period") === "cli" && flags.billingMode !== "prepaid") {
    throw new InvalidInputError(
      "period",
      "--period: only applies to prepaid billing (--billing-mode prepaid); drop it or pass --billing-mode prepaid",
    );
  }
}

/** The term and the name as CloneInstances takes them: checked here, since a refusal after the lookup is late. */
function requireDocumentedValues(flags: CloneFlags, period: number): void {
  const periodRule = flags.billingMode === "prepaid" ? periodProblem(period) : undefined;
  if (periodRule) throw new InvalidInputError("period", `--period: ${period} ${periodRule}`);
  const nameRule = flags.name === undefined ? undefined : instanceNameProblem(flags.name);
  if (nameRule) throw new InvalidInputError("name", `--name: "${flags.name}" ${nameRule}`);
}

/** Registers `clone` on the program. */
export function registerClone(program: Command, { io }: CommandContext): Command {
  const command = program
    .command("clone")
    .description("create new instances from a backup of --from")
    .requiredOption("--from <id>", "the source instance, e.g. crs-abc123")
    .option("--latest", "clone from the latest usable backup matching the selection flags");
  addSelectionFlags(command);
  addConnectionFlags(command, ["v3"]);
  return command
    .requiredOption("--zone-id <n>", "zone of the new instance (numeric ZoneId)")
    .requiredOption("--security-group-id <ids>", "security group(s) of the new instance, comma-separated")
    .option("--vpc-id <id>", "VPC of the new instance")
    .option("--subnet-id <id>", "subnet of the new instance")
    .option("--name <name>", "name of the new instance")
    .addOption(
      new Option("--billing-mode <mode>", "billing").choices(["postpaid", "prepaid"]).default("postpaid"),
    )
    .option("--period <months>", "prepaid months (only with --billing-mode prepaid)", "1")
    .option(
      "--password-stdin",
      "read the new instance's password from stdin (else TENCENTCLOUD_REDIS_PASSWORD)",
    )
    .option("--no-auth", "create the clone without a password (VPC only)")
    .option(
      "--wait",
      "accepted for pipelines; CloneInstances returns the new ids at once, nothing to wait for",
    )
    .option("--json", "print the result as JSON")
    .option(
      "--output-file <path>",
      "also write the result as JSON to this file (for Terraform steps); it records an unsettled clone until the " +
        "new ids are known, and a clone it records as unsettled stops the next one",
    )
    .option("--yes", "do not ask for confirmation")
    .option("--verbose", "log API calls and retries on stderr")
    .action(async (flags: CloneFlags, command: Command) => {
      parseInstanceId(flags.from, "--from");
      requireBackupChoice(flags);
      requirePrepaidForPeriod(flags, command);
      requireConfirmable(io, flags.yes);
      requireNetworkPair(flags);
      const placement = {
        zoneId: positiveInteger(flags.zoneId, "--zone-id", "100003"),
        period: positiveInteger(flags.period ?? "1", "--period", "1"),
      };
      requireDocumentedValues(flags, placement.period);
      // Before any API call: the file must be writable, free, and hold no unsettled clone.
      const record = flags.outputFile === undefined ? undefined : CloneRecord.open(flags.outputFile);
      try {
        await runClone(io, flags, placement, record);
      } finally {
        record?.release();
      }
    });
}

/** Finds the backup, asks, clones, prints the new ids, and keeps `record` (when given) in step. */
async function runClone(
  io: CliIo,
  flags: CloneFlags,
  placement: { zoneId: number; period: number },
  record: CloneRecord | undefined,
): Promise<void> {
  const criteria = criteriaFromFlags(flags);
  const connection = connectionFromFlags(flags, io);
  const password = await clonePassword(io, flags);
  const outcome = await findLatestBackup({ instanceId: flags.from, criteria, connection });
  const backup = requirePick(outcome, criteria, flags.from);
  await confirmOrRefuse(
    io,
    `Clone ${flags.from} from backup ${backup.backupId} (started ${backup.startTime} UTC+8) into a new ` +
      `${flags.billingMode} instance? This creates billable resources.`,
    flags.yes,
  );
  const result = await cloneInstances({
    instanceId: flags.from,
    backupId: backup.backupId,
    zoneId: placement.zoneId,
    securityGroupIdList: flags.securityGroupId
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
    vpcId: flags.vpcId,
    subnetId: flags.subnetId,
    instanceName: flags.name,
    billingMode: flags.billingMode === "prepaid" ? 1 : 0,
    period: placement.period,
    password,
    noAuth: !flags.auth,
    connection,
    beforeSend: () => record?.sending(flags.from, backup.backupId),
  }).catch((error: unknown) => {
    record?.failed(error);
    throw error;
  });
  const summary = { from: flags.from, backupId: backup.backupId, ...result };
  io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : `${result.instanceIds.join("\n")}\n`);
  // After stdout, so the new ids are visible even if the file cannot be written.
  record?.settled(summary);
}
