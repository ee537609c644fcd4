/**
 * A rate limit shared by every process on the machine that calls the same endpoint with the same key: Terraform
 * runs one resolver per lookup, up to 10 at once, and Tencent's limit (20 requests/s per API) applies to them
 * together. Each request reserves the next free slot, `1000 / rate` ms (plus a small margin) after the previous
 * one, in a tiny state file under a per-user temp folder, guarded by an exclusively created lock file. Slots rather
 * than a bursty token bucket, because a sliding-window limiter refuses a burst that follows steady traffic.
 * Falls back to an in-process throttle when the folder cannot be used.
 */
import { closeSync, constants, openSync, readSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { sha256Hex } from "./hashing";
import { sleep } from "./retry";
import { createThrottle, type Throttle } from "./throttle";
import { pruneFolder, userTempFolder } from "./user-temp-folder";

/** Slots are spaced 5% wider than the limit, so a process that wakes late never pushes a window over it. */
const MARGIN = 1.05;
/** A lock older than this was left by a crashed process. */
const STALE_LOCK_MS = 2_000;
const LOCK_ATTEMPTS = 2_000;
/** The state file's fixed width: a slot time in epoch ms, space-padded. */
const STATE_BYTES = 24;
/** State unused this long is worthless (a slot matters for a second): removed when another key starts a file. */
const UNUSED_STATE_MS = 3_600_000;

function removeIfStale(lock: string): void {
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
  } catch {
    // another process released or took it meanwhile
  }
}

/** A reserved slot's time, and whether the state file was new (empty). */
interface Reservation {
  readonly slot: number;
  readonly newFile: boolean;
}

/**
 * Reads the next free slot from the state file and writes the one after it, in place and fixed-width: never
 * truncated and never renamed over, since on ext4 either one makes the kernel start writing the file out
 * (`auto_da_alloc`), ~0.3 ms a lookup. Unreadable or missing state reads as "free now".
 */
function advanceState(file: string, intervalMs: number): Reservation {
  const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o600);
  try {
    const state = Buffer.alloc(STATE_BYTES);
    const length = readSync(fd, state, 0, STATE_BYTES, 0);
    const next = Number(state.toString("utf8", 0, length));
    const slot = Math.max(Date.now(), Number.isFinite(next) ? next : 0);
    // Written from a Buffer: the resolver's stdout write then takes the same, already warm path.
    const text = Buffer.from(String(slot + intervalMs).padEnd(STATE_BYTES), "utf8");
    writeSync(fd, text, 0, text.length, 0);
    return { slot, newFile: length === 0 };
  } finally {
    closeSync(fd);
  }
}

/** Reserves the next slot, holding `<file>.lock` (created exclusively) meanwhile. */
async function reserveSlot(file: string, intervalMs: number): Promise<Reservation> {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
    try {
      closeSync(openSync(lock, "wx", 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      removeIfStale(lock);
      await sleep(1);
      continue;
    }
    try {
      return advanceState(file, intervalMs);
    } finally {
      try {
        unlinkSync(lock);
      } catch {
        // taken over as stale meanwhile
      }
    }
  }
  throw new Error("throttle lock busy");
}

/**
 * A throttle of `ratePerSecond` shared across processes by `key` (hashed: endpoint and SecretId never appear in
 * file names), with its state in `folder` (default: a per-user temp folder). `ratePerSecond` 0 disables it.
 */
export function createSharedThrottle(ratePerSecond: number, key: string, folder?: string): Throttle {
  if (!(ratePerSecond > 0)) return { acquire: async () => {} };
  const intervalMs = (1000 / ratePerSecond) * MARGIN;
  const fallback = createThrottle(ratePerSecond);
  const stateFolder = folder ?? userTempFolder("crs-backup-throttle");
  if (!stateFolder) return fallback;
  const file = join(stateFolder, sha256Hex(key).slice(0, 24));
  return {
    async acquire(): Promise<void> {
      let reservation: Reservation;
      try {
        reservation = await reserveSlot(file, intervalMs);
      } catch {
        return fallback.acquire();
      }
      const { slot, newFile } = reservation;
      // A new key (endpoint and SecretId; tests on random ports make many): the moment to drop unused ones.
      if (newFile) pruneFolder(stateFolder, UNUSED_STATE_MS, basename(file));
      // A timer may fire up to a millisecond early against Date.now(): never return before the slot.
      for (let wait = slot - Date.now(); wait > 0; wait = slot - Date.now()) await sleep(wait);
    },
  };
}
