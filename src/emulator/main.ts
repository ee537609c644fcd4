/**
 * The entry of assets/emulator.cjs: what `crs-backup emulator` needs, bundled apart from assets/crs-backup.cjs.
 * The CLI loads this file at run time from next to its own bundle, so the CLI bundle that constructs copy into
 * synthesized stacks never holds the emulator (nor its fake credentials and demo password).
 */
export { EMULATOR_SECRET_KEY } from "./credentials";
export { DEMO_PASSWORD, demoWeekSeed } from "./demo-seed";
export { loadSeedFile } from "./seed";
export { startEmulator } from "./server";
