/** The environment a pipeline would have against the emulator: credentials, region, endpoint, nothing else. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY } from "../../src/emulator";

/** An empty HOME so no real ~/.tccli profile is ever read. */
const EMPTY_HOME = mkdtempSync(join(tmpdir(), "crs-home-"));
afterAll(() => rmSync(EMPTY_HOME, { recursive: true, force: true }));

/** Env for child processes talking to the emulator at `url`. */
export function emulatorEnv(url: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: EMPTY_HOME,
    TENCENTCLOUD_SECRET_ID: EMULATOR_SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: EMULATOR_SECRET_KEY,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_REDIS_ENDPOINT: url,
    ...extra,
  };
}
