/** CloneInstances: new instances from a usable backup of a source instance that is idle. */
import { randomBytes } from "node:crypto";
import { EmulatorApiError } from "../api-error";
import { checkInstanceIdle, instanceFor, usableBackup } from "./backup-rules";
import type { ActionContext } from "./context";
import { optionalString, type Params, requireInteger } from "./params";

/** The parameters the action defines (SDK 4.1.313's CloneInstancesRequest). */
export const CLONE_INSTANCES_PARAMS = [
  "InstanceId",
  "GoodsNum",
  "ZoneId",
  "BillingMode",
  "Period",
  "SecurityGroupIdList",
  "BackupId",
  "NoAuth",
  "VpcId",
  "SubnetId",
  "InstanceName",
  "Password",
  "AutoRenew",
  "VPort",
  "NodeSet",
  "ProjectId",
  "ResourceTags",
  "TemplateId",
  "AlarmPolicyList",
  "CloneTime",
  "EncryptPassword",
  "PasswordPolicy",
  "EnableSSL",
  "ProductVersion",
] as const;

function invalid(message: string): never {
  throw new EmulatorApiError("InvalidParameterValue", message);
}

/** The clone's parameters beyond the backup checks: counts, billing, network, password. */
function checkCloneParams(params: Params): { goods: number; password?: string; name?: string } {
  const goods = requireInteger(params, "GoodsNum");
  if (goods < 1 || goods > 100) invalid("GoodsNum must be between 1 and 100");
  if (requireInteger(params, "ZoneId") < 1) invalid("ZoneId must be a positive zone id");
  const billing = requireInteger(params, "BillingMode");
  if (billing !== 0 && billing !== 1) invalid("BillingMode must be 0 (postpaid) or 1 (prepaid)");
  if (requireInteger(params, "Period") < 1) invalid("Period must be at least 1 month");
  const groups = params.SecurityGroupIdList;
  if (groups === undefined) throw new EmulatorApiError("MissingParameter", "SecurityGroupIdList is required");
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g === "string" && g)) {
    invalid("SecurityGroupIdList must be a non-empty array of security group ids");
  }
  const vpc = optionalString(params, "VpcId");
  const subnet = optionalString(params, "SubnetId");
  if (Boolean(vpc) !== Boolean(subnet)) invalid("VpcId and SubnetId go together");
  if (params.NoAuth !== undefined && typeof params.NoAuth !== "boolean") invalid("NoAuth must be a boolean");
  const password = optionalString(params, "Password");
  if (params.NoAuth !== true && !password) {
    throw new EmulatorApiError(
      "InvalidParameterValue.PasswordEmpty",
      "Password is required unless NoAuth is true",
    );
  }
  const name = optionalString(params, "InstanceName");
  return { goods, ...(password ? { password } : {}), ...(name ? { name } : {}) };
}

/** Creates the clones (running after the task duration): `{ InstanceIds, DealName }`. */
export function cloneInstances(params: Params, ctx: ActionContext, region: string): object {
  const source = instanceFor(ctx.state, params, region);
  const backup = usableBackup(source, params);
  const { goods, password, name } = checkCloneParams(params);
  checkInstanceIdle(source, ctx);
  const instanceIds = Array.from({ length: goods }, () => {
    const instanceId = ctx.state.cloneId();
    ctx.state.addInstance({
      instanceId,
      region: source.region,
      ...(password === undefined ? {} : { password }),
      name: name ?? instanceId,
      backups: [],
      readyAt: ctx.monotonicMs + ctx.taskDurationMs,
    });
    return instanceId;
  });
  const dealName = `${Math.floor(ctx.nowMs / 1000)}${randomBytes(4).toString("hex")}`;
  source.clones.push({ backupId: backup.BackupId, instanceIds, dealName });
  return { InstanceIds: instanceIds, DealName: dealName };
}
