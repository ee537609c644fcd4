/** Runs a child process without blocking the event loop (an in-process emulator must keep answering it). */
import { spawn } from "node:child_process";

/** What a finished process printed and how it exited. */
export interface ProcessRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns `command args` with `input` on stdin; kills it after `timeoutMs` (exit code 124 then). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs: number },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid, () => child.kill("SIGKILL"));
    }, options.timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? 124 : (code ?? 1), stdout, stderr });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** Kills the process group led by `pid` (POSIX), else just the child. */
function killTree(pid: number | undefined, fallback: () => void): void {
  try {
    if (pid === undefined || process.platform === "win32") throw new Error("no process group");
    process.kill(-pid, "SIGKILL");
  } catch {
    fallback();
  }
}
