/**
 * Soak: 1,000 sequential lookups through the CLI code path, in one process, against the emulator (see
 * soak-runner.ts). Neither memory, file descriptors nor sockets may grow; bounds are generous for a noisy machine.
 */
import { join } from "node:path";
import { runProcess } from "../../src/testing";

const ROOT = join(__dirname, "..", "..");
const LOOKUPS = 1_000;

it(`runs ${LOOKUPS} lookups without leaking memory, file descriptors or sockets`, async () => {
  const run = await runProcess(
    process.execPath,
    [
      join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
      join(__dirname, "soak-runner.ts"),
      String(LOOKUPS),
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH }, timeoutMs: 120_000 },
  );
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  const figures = JSON.parse(run.stdout);
  process.stdout.write(`soak: ${run.stdout}`);
  expect(figures.requests).toBe(LOOKUPS);
  // About +1 MB of heap (compiled code) and nothing behind Buffers; a socket kept past its close (each holds a
  // 64 KB read buffer) showed as +29 MB of Buffer memory and +4 MB of heap.
  expect(figures.after.heapMb - figures.before.heapMb).toBeLessThan(4);
  expect(figures.after.arrayBuffersMb - figures.before.arrayBuffersMb).toBeLessThan(2);
  expect(figures.after.fds - figures.before.fds).toBeLessThanOrEqual(3);
  expect(figures.after.resources - figures.before.resources).toBeLessThanOrEqual(3);
}, 150_000);
