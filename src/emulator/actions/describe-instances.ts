/** DescribeInstances (minimal): the InstanceId filter and InstanceId, InstanceName, Status of each. */
import type { ActionContext } from "./context";
import { optionalInteger, optionalString, type Params } from "./params";
import { invalidValue } from "./window";

/** The parameters the action defines (SDK 4.1.313's DescribeInstancesRequest); only a few have an effect. */
export const DESCRIBE_INSTANCES_PARAMS = [
  "Limit",
  "Offset",
  "InstanceId",
  "OrderBy",
  "OrderType",
  "VpcIds",
  "SubnetIds",
  "SearchKey",
  "ProjectIds",
  "InstanceName",
  "UniqVpcIds",
  "UniqSubnetIds",
  "RegionIds",
  "Status",
  "TypeVersion",
  "EngineName",
  "AutoRenew",
  "BillingMode",
  "Type",
  "SearchKeys",
  "TypeList",
  "MonitorVersion",
  "InstanceTags",
  "TagKeys",
  "ProductVersions",
  "InstanceIds",
  "AzMode",
] as const;

/** The documented maximum of Limit. */
const MAX_LIMIT = 1000;
/** Instance status codes: 1 being created, 2 running. */
const CREATING = 1;
const RUNNING = 2;

/** `{ TotalCount, InstanceSet }` of the region's instances (clones are "creating" for the task duration). */
export function describeInstances(params: Params, ctx: ActionContext, region: string): object {
  const wanted = optionalString(params, "InstanceId");
  const limit = optionalInteger(params, "Limit", 20);
  const offset = optionalInteger(params, "Offset", 0);
  if (limit < 1 || limit > MAX_LIMIT) invalidValue(`Limit must be between 1 and ${MAX_LIMIT}`);
  if (offset < 0) invalidValue("Offset must not be negative");
  const set = [...ctx.state.instances.values()]
    .filter(
      (instance) => instance.region === region && (wanted === undefined || instance.instanceId === wanted),
    )
    .map((instance) => ({
      InstanceId: instance.instanceId,
      InstanceName: instance.name,
      Status: ctx.monotonicMs >= instance.readyAt ? RUNNING : CREATING,
      RegionId: instance.region,
    }));
  return { TotalCount: set.length, InstanceSet: set.slice(offset, offset + limit) };
}
