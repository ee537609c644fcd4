/**
 * Example app: the latest system backup of production's Redis from the last 26 hours, pinned until the pipeline
 * asks for a new one (variable `restore_request`). Synthesize with `npx cdktf synth` (see cdktf.json) or run the demo.
 */
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { BackupType, RedisBackupLookup } from "../../src";

/** The stack: one lookup, its pin, and outputs. */
export class RedisRestoreDemoStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // A relative state path keeps the synthesized folder free of this machine's absolute paths.
    new LocalBackend(this, { path: "terraform.tfstate" });
    const restoreRequest = new TerraformVariable(this, "restore_request", {
      type: "string",
      default: "initial",
      description: "Change it to move the pin to the latest backup (e.g. a pipeline run id).",
    });
    const latest = new RedisBackupLookup(this, "prod-nightly", {
      instanceId: "crs-demo0001",
      region: "ap-guangzhou",
      backupType: BackupType.SYSTEM,
      maxAge: "26h",
    });
    const pinned = latest.pin({ rotateOn: restoreRequest.stringValue });
    new TerraformOutput(this, "pinned_backup_id", { value: pinned.backupId });
    new TerraformOutput(this, "pinned_backup_start_time", { value: pinned.startTime });
    new TerraformOutput(this, "latest_backup_id", { value: latest.backupId });
  }
}

/**
 * Builds the app into `outdir`.
 * @param outdir where to synthesize; by default what `cdktf synth` asks for (CDKTF_OUTDIR), else cdktf.out
 */
export function buildApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  new RedisRestoreDemoStack(app, "redis-restore-demo");
  return app;
}

if (require.main === module) buildApp().synth();
