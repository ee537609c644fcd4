/**
 * A local emulator of the Tencent Redis backup APIs (3.0 and legacy 2.0) for the demo, our tests and yours.
 * Not part of the library's production code: import it from `cdktf-tencentcloud-redis-backup/lib/emulator`.
 */
export { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY, type EmulatorCredentials } from "./credentials";
export { DEMO_INSTANCES, DEMO_PASSWORD, demoWeekSeed } from "./demo-seed";
export type { Fault, FaultKind } from "./faults";
export type { LoggedRequest } from "./request-log";
export { type EmulatorSeed, loadSeedFile, type SeedInstance, type V3Row, validateSeed } from "./seed";
export { type EmulatorOptions, type RunningEmulator, startEmulator } from "./server";
export type { CloneRecord, InstanceView, RestoreRecord } from "./state";
