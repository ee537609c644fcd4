/** Jittered exponential backoff within a total time budget, for retryable ApiErrors only. */
import { ApiError } from "../backups/errors";
import type { ApiEventListener } from "./events";

/** Retry tuning; sleep and random are injectable so tests run instantly and deterministically. */
export interface RetryOptions {
  /** Total time allowed for all attempts and waits. Default 60 000 ms. */
  readonly budgetMs?: number;
  /** First backoff ceiling. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling. Default 5 000 ms. */
  readonly maxDelayMs?: number;
  /** Hard cap on attempts, whatever the budget. Default 10. */
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly onEvent?: ApiEventListener;
  /** Narrows which retryable errors are retried (mutating calls retry only what cannot have run). */
  readonly shouldRetry?: (error: ApiError) => boolean;
}

/** The longest delay a timer takes (2^31 - 1 ms, about 24.8 days); node fires a longer one after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** Waits `ms`; a wait longer than a timer takes (a `--poll-interval 30d`) is waited in parts, never cut short. */
export async function sleep(ms: number): Promise<void> {
  let left = ms;
  do {
    await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(left, 0), MAX_TIMER_MS)));
    left -= MAX_TIMER_MS;
  } while (left > 0);
}

/** "Full jitter": a random delay between 0 and min(max, base * 2^attempt). */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `call` until it succeeds, throws a non-retryable error, or the budget/attempt cap runs out
 * (then the last error is thrown). `call` must throw CrsBackupErrors (map SDK errors first).
 */
export async function withRetry<T>(
  action: string,
  call: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const budget = options.budgetMs ?? 60_000;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const pause = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!(error instanceof ApiError) || !error.retryable || attempt >= maxAttempts) throw error;
      if (options.shouldRetry && !options.shouldRetry(error)) throw error;
      const delayMs = backoffDelay(attempt, base, max, random);
      if (now() - started + delayMs >= budget) throw error;
      options.onEvent?.({ kind: "retry", action, attempt, delayMs, code: error.code });
      await pause(delayMs);
    }
  }
}
