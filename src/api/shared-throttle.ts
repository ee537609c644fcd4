/**
 * A rate limit shared by every process on the machine that calls the same endpoint with the same key: Terraform
 * runs one resolver per lookup, up to 10 at once, and Tencent's limit (20 requests/s per API) applies to them
 * together. Each request reserves the next free slot, `1000 / rate` ms (plus a small margin) after the previous
 * one, in a tiny state file under a per-user temp folder, guarded by an exclusive lock directory. Slots rather
 * than a bursty token bucket, because a sliding-window limiter refuses a burst that follows steady traffic.
 * Falls back to an in-process throttle when the folder cannot be used.
 */
import { mkdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Hex } from "./hashing";
import { createThrottle, type Throttle } from "./throttle";

/** Slots are spaced 5% wider than the limit, so a process that wakes late never pushes a window over it. */
const MARGIN = 1.05;
/** A lock older than this was left by a crashed process. */
const STALE_LOCK_MS = 2_000;
const LOCK_ATTEMPTS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function stateDir(): string {
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  const dir = join(tmpdir(), `crs-backup-throttle-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  if (typeof process.getuid === "function" && stat.uid !== process.getuid())
    throw new Error("throttle dir not ours");
  return dir;
}

async function withLock<T>(lock: string, work: () => T): Promise<T> {
  for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
    try {
      mkdirSync(lock);
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmdirSync(lock);
      } catch {
        // another process removed or took it meanwhile
      }
      await sleep(1);
      continue;
    }
    try {
      return work();
    } finally {
      rmdirSync(lock);
    }
  }
  throw new Error("throttle lock busy");
}

function readNext(file: string): number {
  try {
    const value = Number(readFileSync(file, "utf8"));
    return Number.isFinite(value) ? value : 0;
  } catch {
    return 0;
  }
}

/**
 * A throttle of `ratePerSecond` shared across processes by `key` (hashed: endpoint and SecretId never appear in
 * file names). `ratePerSecond` 0 disables throttling.
 */
export function createSharedThrottle(ratePerSecond: number, key: string): Throttle {
  if (!(ratePerSecond > 0)) return { acquire: async () => {} };
  const intervalMs = (1000 / ratePerSecond) * MARGIN;
  let file: string;
  try {
    file = join(stateDir(), sha256Hex(key).slice(0, 24));
  } catch {
    return createThrottle(ratePerSecond);
  }
  const fallback = createThrottle(ratePerSecond);
  return {
    async acquire(): Promise<void> {
      let slot: number;
      try {
        slot = await withLock(`${file}.lock`, () => {
          const reserved = Math.max(Date.now(), readNext(file));
          writeFileSync(file, String(reserved + intervalMs));
          return reserved;
        });
      } catch {
        return fallback.acquire();
      }
      const wait = slot - Date.now();
      if (wait > 0) await sleep(wait);
    },
  };
}
