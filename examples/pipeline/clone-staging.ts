/**
 * Clone example: staging made from production's latest system backup, then adopted into Terraform.
 *
 * 1. `npx tsx examples/pipeline/clone-staging.ts` and `terraform apply -var clone_request=2026-11` in
 *    cdktf.out/stacks/redis-clone-staging: the clone is created once and its ids written to
 *    `staging.clone.json` in that folder.
 * 2. `STAGING_INSTANCE_ID=$(node -p 'require("./cdktf.out/stacks/redis-clone-staging/staging.clone.json").instanceIds[0]')`
 *    then synthesize and apply again: an `import` block adopts the clone as `tencentcloud_redis_instance.staging`
 *    (typed bindings generated offline, see docs/BINDINGS.md); from then on Terraform manages it.
 */
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { RedisInstance } from "../../.gen/providers/tencentcloud/redis-instance";
import { BackupType, RedisBackupClone, RedisBackupLookup } from "../../src";

/** Where staging lives: the clone's settings and the adopted resource's must describe the same instance. */
export const STAGING = {
  zoneId: 100003,
  availabilityZone: "ap-guangzhou-3",
  memSize: 1024,
  vpcId: "vpc-staging1",
  subnetId: "subnet-staging1",
  securityGroupIds: ["sg-staging1"],
  name: "orders-staging",
};

/** The stack; `stagingInstanceId` is the clone's id once it exists (step 2 above). */
export class RedisCloneStagingStack extends TerraformStack {
  constructor(scope: Construct, id: string, stagingInstanceId?: string) {
    super(scope, id);
    new LocalBackend(this, { path: "terraform.tfstate" });
    const cloneRequest = new TerraformVariable(this, "clone_request", {
      type: "string",
      description: "A new value makes a new clone (e.g. the month it was refreshed).",
    });
    const password = new TerraformVariable(this, "staging_password", { type: "string", sensitive: true });
    const latest = new RedisBackupLookup(this, "prod-nightly", {
      instanceId: "crs-demo0001",
      backupType: BackupType.SYSTEM,
      maxAge: "26h",
    });
    const pinned = latest.pin({ rotateOn: cloneRequest.stringValue });
    new RedisBackupClone(this, "staging-clone", {
      sourceInstanceId: "crs-demo0001",
      backupId: pinned.backupId,
      trigger: cloneRequest.stringValue,
      zoneId: STAGING.zoneId,
      securityGroupIds: STAGING.securityGroupIds,
      vpcId: STAGING.vpcId,
      subnetId: STAGING.subnetId,
      instanceName: STAGING.name,
      password: password.stringValue,
      outputFile: "staging.clone.json",
    });
    if (stagingInstanceId) adopt(this, stagingInstanceId, password.stringValue);
  }
}

/** The clone as a managed resource: imported by id, described with the settings it was cloned with. */
function adopt(stack: TerraformStack, instanceId: string, password: string): void {
  new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
  const staging = new RedisInstance(stack, "staging", {
    availabilityZone: STAGING.availabilityZone,
    memSize: STAGING.memSize,
    name: STAGING.name,
    vpcId: STAGING.vpcId,
    subnetId: STAGING.subnetId,
    securityGroups: STAGING.securityGroupIds,
    password,
  });
  staging.importFrom(instanceId);
  new TerraformOutput(stack, "staging_ip", { value: staging.ip });
}

/** Builds the app into `outdir`. */
export function buildCloneApp(outdir = "cdktf.out", stagingInstanceId?: string): App {
  const app = new App({ outdir });
  new RedisCloneStagingStack(app, "redis-clone-staging", stagingInstanceId);
  return app;
}

if (require.main === module) buildCloneApp("cdktf.out", process.env.STAGING_INSTANCE_ID).synth();
