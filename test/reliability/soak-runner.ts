/**
 * The soak's workload, run in its own process (jest's module sandbox retains memory of its own and would blur the
 * figures): N lookups through the CLI code path in-process, then the measurements as one JSON line.
 */
import { readdirSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { formatApiTime } from "../../src/backups/time";
import { runCli } from "../../src/cli/program";
import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY, startEmulator } from "../../src/emulator";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1_048_576;
};
const fds = () => readdirSync("/proc/self/fd").length;

async function main(lookups: number): Promise<void> {
  const now = Date.now();
  const emulator = await startEmulator({
    seed: {
      instances: [
        {
          instanceId: "crs-soak0001",
          region: "ap-guangzhou",
          backups: Array.from({ length: 30 }, (_, i) => ({
            BackupId: `soak-${i}`,
            StartTime: formatApiTime(now - (i + 1) * 3_600_000),
            BackupType: i % 2 ? "0" : "1",
            Status: 2,
            Locked: 0,
          })),
        },
      ],
    },
  });
  let stdout = "";
  const io = {
    stdout: (text: string) => {
      stdout = text;
    },
    stderr: (text: string) => {
      throw new Error(`unexpected stderr: ${text}`);
    },
    readStdin: async () => "",
    isTTY: false,
    env: {
      HOME: "/nonexistent-home",
      TENCENTCLOUD_SECRET_ID: EMULATOR_SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: EMULATOR_SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_ENDPOINT: emulator.url,
      TENCENTCLOUD_REDIS_MAX_RPS: "0",
    },
  };
  const argv = ["latest", "--instance-id", "crs-soak0001", "--type", "system", "--max-age", "7d", "--json"];
  const lookup = async () => {
    const code = await runCli(argv, io);
    if (code !== 0 || JSON.parse(stdout).backupId !== "soak-0")
      throw new Error(`lookup failed (exit ${code})`);
  };
  for (let i = 0; i < 50; i++) await lookup();
  const before = { heapMb: heapMb(), fds: fds(), resources: process.getActiveResourcesInfo().length };
  const started = Date.now();
  for (let i = 0; i < lookups; i++) await lookup();
  const elapsedMs = Date.now() - started;
  const after = { heapMb: heapMb(), fds: fds(), resources: process.getActiveResourcesInfo().length };
  const requests = emulator.requestLog.length;
  await emulator.close();
  process.stdout.write(`${JSON.stringify({ lookups, elapsedMs, before, after, requests })}\n`);
}

main(Number(process.argv[2] ?? 1000)).catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
