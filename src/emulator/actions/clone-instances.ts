/** CloneInstances: new instances from a usable backup of a source instance that is idle. */
import { randomBytes } from "node:crypto";
import { instanceNameProblem, MAX_GOODS_NUM, passwordProblem, periodProblem } from "../../api/clone-rules";
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
  "SSLBindPrivateIPv4",
] as const;

function invalid(message: string): never {
  throw new EmulatorApiError("InvalidParameterValue", message);
}

/** The clone's parameters beyond the backup checks: counts, billing, network, password. */
function checkCloneParams(params: Params): { goods: number; password?: string; name?: string } {
  const billing = requireInteger(params, "BillingMode");
  if (billing !== 0 && billing !== 1) invalid("BillingMode must be 0 (postpaid) or 1 (prepaid)");
  const maxGoods = billing === 1 ? MAX_GOODS_NUM.prepaid : MAX_GOODS_NUM.postpaid;
  const goods = requireInteger(params, "GoodsNum");
  if (goods < 1 || goods > maxGoods)
    invalid(`GoodsNum must be between 1 and ${maxGoods} for this billing mode`);
  if (requireInteger(params, "ZoneId") < 1) invalid("ZoneId must be a positive zone id");
  const period = requireInteger(params, "Period");
  const periodRule =
    billing === 1 ? periodProblem(period) : period < 1 ? "must be at least 1 month" : undefined;
  if (periodRule) invalid(`Period ${periodRule}`);
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
  const passwordRule = password === undefined ? undefined : passwordProblem(password);
  if (passwordRule)
    throw new EmulatorApiError("InvalidParameterValue.PasswordRuleError", `Password ${passwordRule}`);
  const name = optionalString(params, "InstanceName");
  const nameRule = name === undefined ? undefined : instanceNameProblem(name);
  if (nameRule)
    throw new EmulatorApiError("InvalidParameterValue.InstanceNameRuleError", `InstanceName ${nameRule}`);
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
