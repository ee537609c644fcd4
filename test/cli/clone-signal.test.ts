/**
 * The bundled CLI killed mid-clone, as Ctrl-C during `terraform apply` does: it exits 130 and leaves no lock, so
 * the next run is not refused for a clone that never sent anything.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBundled } from "../support/assets";
import { startTestEmulator, type TestEmulator } from "./emulator-fixture";
import { CLONE_LATEST, emulatorEnv } from "./helpers";

let emulator: TestEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startTestEmulator(Date.now());
  dir = mkdtempSync(join(tmpdir(), "crs-clone-signal-"));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

it("SIGINT while the lookup hangs: exit 130, the lock released, the file untouched", async () => {
  const file = join(dir, "x.clone.json");
  emulator.injectFault({ kind: "hang", action: "DescribeInstanceBackups", times: Infinity });
  const child = spawn(
    process.execPath,
    [ensureBundled("crs-backup"), ...CLONE_LATEST, "--no-auth", "--output-file", file],
    {
      env: { PATH: process.env.PATH, ...emulatorEnv(emulator.url) },
      stdio: "ignore",
    },
  );
  try {
    // The lookup's request has arrived (and hangs): the run holds its lock and listens for signals by then.
    const hanging = () => emulator.requestLog.some((entry) => entry.errorCode === "fault:hang");
    for (let i = 0; i < 400 && !hanging(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(`${file}.lock`)).toBe(true);
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    expect(code).toBe(130);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(file)).toBe(false);
  } finally {
    child.kill("SIGKILL");
    emulator.clearFaults();
  }
});
