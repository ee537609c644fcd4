/** A client-side token bucket: Tencent documents 20 requests/s per API and the SDK does not throttle. */
import { sleep } from "./retry";

/** Waits until a request may be sent. */
export interface Throttle {
  acquire(): Promise<void>;
}

/** Injectable clock for tests. */
export interface ThrottleClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  sleep,
};

/**
 * A token bucket of `ratePerSecond` tokens refilled continuously, with a burst of the same size.
 * Callers are served in arrival order.
 */
export function createThrottle(ratePerSecond = 20, clock: ThrottleClock = realClock): Throttle {
  if (!(ratePerSecond > 0)) return { acquire: async () => {} };
  const capacity = Math.max(1, Math.floor(ratePerSecond));
  let tokens = capacity;
  let last = clock.now();
  let queue: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + ((now - last) * ratePerSecond) / 1000);
    last = now;
  };

  const takeOne = async (): Promise<void> => {
    refill();
    // Bounded: each wait earns at least the missing fraction of a token.
    while (tokens < 1) {
      await clock.sleep(Math.ceil(((1 - tokens) * 1000) / ratePerSecond));
      refill();
    }
    tokens -= 1;
  };

  return {
    acquire(): Promise<void> {
      const turn = queue.then(takeOne);
      queue = turn.catch(() => {});
      return turn;
    },
  };
}
