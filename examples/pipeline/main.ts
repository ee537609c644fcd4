/**
 * Pipeline example, CDKTF variant: restore production's Redis from its latest system backup of the last 26 hours
 * when the pipeline asks for it. Deploy with a new `restore_request` (e.g. the pipeline run id) to restore again;
 * a plain re-deploy, or a newer nightly backup, restores nothing.
 *
 *   TF_VAR_redis_password=... terraform apply -var restore_request=run-1234
 *
 * Synthesize with `REDIS_INSTANCE_ID=crs-xxxxxxxx npx tsx examples/pipeline/main.ts`
 * (writes cdktf.out/stacks/redis-restore-pipeline; the instance defaults to the emulator's demo instance).
 */
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { BackupType, RedisBackupLookup, RedisBackupRestore } from "../../src";

/** The stack: lookup -> pin (rotated by the request) -> restore (triggered by the request). */
export class RedisRestorePipelineStack extends TerraformStack {
  constructor(scope: Construct, id: string, instanceId: string) {
    super(scope, id);
    // A relative state path keeps the synthesized folder free of this machine's absolute paths.
    new LocalBackend(this, { path: "terraform.tfstate" });
    const restoreRequest = new TerraformVariable(this, "restore_request", {
      type: "string",
      description: "An id of the restore request (e.g. the pipeline run id). A new value restores again.",
    });
    const password = new TerraformVariable(this, "redis_password", {
      type: "string",
      sensitive: true,
      description: "The instance password; set TF_VAR_redis_password, never a command-line flag.",
    });
    const latest = new RedisBackupLookup(this, "prod-nightly", {
      instanceId,
      region: "ap-guangzhou",
      backupType: BackupType.SYSTEM,
      maxAge: "26h",
    });
    // The same request rotates the pin and triggers the restore: each request restores the backup that was
    // latest when it was made, and nothing else moves it.
    const pinned = latest.pin({ rotateOn: restoreRequest.stringValue });
    new RedisBackupRestore(this, "restore", {
      instanceId,
      backupId: pinned.backupId,
      trigger: restoreRequest.stringValue,
      password: password.stringValue,
      region: "ap-guangzhou",
      timeout: "30m",
    });
    new TerraformOutput(this, "restored_backup_id", { value: pinned.backupId });
    new TerraformOutput(this, "restored_backup_start_time", { value: pinned.startTime });
  }
}

/** Builds the app into `outdir`. */
export function buildPipelineApp(outdir = "cdktf.out", instanceId = "crs-demo0001"): App {
  const app = new App({ outdir });
  new RedisRestorePipelineStack(app, "redis-restore-pipeline", instanceId);
  return app;
}

if (require.main === module) buildPipelineApp("cdktf.out", process.env.REDIS_INSTANCE_ID).synth();
