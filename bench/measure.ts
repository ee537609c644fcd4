/** Measuring child processes: wall time (hrtime around the spawn) and peak RSS (GNU time's %M when present). */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const GNU_TIME = "/usr/bin/time";

/** One measured run. */
export interface Sample {
  readonly wallMs: number;
  /** Peak resident set size in KB; undefined when GNU time is absent. */
  readonly rssKb?: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command once; with `measureRss` it runs under GNU time (its own cost is the same for every command). */
export function measure(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string; measureRss?: boolean },
): Promise<Sample> {
  const useTime = options.measureRss !== false && existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ["-f", "__RSS_KB=%M", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const match = /__RSS_KB=(\d+)\s*$/.exec(stderr);
      resolve({
        wallMs,
        ...(match ? { rssKb: Number(match[1]) } : {}),
        exitCode: code ?? 1,
        stdout,
        stderr: stderr.replace(/__RSS_KB=\d+\s*$/, ""),
      });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Median, min and max. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Stats of a list of numbers. */
export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Runs `fn` `runs` times, interleaving nothing else. */
export async function repeat<T>(runs: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn());
  return out;
}
