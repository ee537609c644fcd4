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
/** The JavaScript heap and the memory behind Buffers (socket read buffers live there), after a full GC. */
const memoryMb = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapMb: heapUsed / 1_048_576, arrayBuffersMb: arrayBuffers / 1_048_576 };
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
  // The emulator's request log grows by design (it is for assertions), so it is emptied outside the measurement.
  const measure = () => {
    emulator.clearRequestLog();
    return { ...memoryMb(), fds: fds(), resources: process.getActiveResourcesInfo().length };
  };
  for (let i = 0; i < 50; i++) await lookup();
  const before = measure();
  const started = Date.now();
  for (let i = 0; i < lookups; i++) await lookup();
  const elapsedMs = Date.now() - started;
  const requests = emulator.requestLog.length;
  const after = measure();
  await emulator.close();
  process.stdout.write(`${JSON.stringify({ lookups, elapsedMs, before, after, requests })}\n`);
}

main(Number(process.argv[2] ?? 1000)).catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
