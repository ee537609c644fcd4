/**
 * Helpers for offline tests of stacks that use this library: run a synthesized stack's `external` programs the
 * way Terraform does, and build a module of its built-in resources. Import from `cdktf-tencentcloud-redis-backup/lib/testing`.
 */
export {
  builtInOnlyModule,
  type ExternalProgramRun,
  readStack,
  runExternalPrograms,
} from "./external-programs";
export { type ProcessRun, runProcess } from "./run-process";
export { findTerraform, runTerraform, type TerraformRun } from "./terraform";
