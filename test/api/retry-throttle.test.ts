import type { ApiEvent } from "../../src/api/events";
import { backoffDelay, sleep, withRetry } from "../../src/api/retry";
import { createThrottle } from "../../src/api/throttle";
import { ApiError, InvalidInputError } from "../../src/backups/errors";

const retryable = () => new ApiError("x failed: InternalError: boom", "InternalError", "r1", true);

describe("withRetry", () => {
  it("retries retryable errors with jittered exponential delays and reports each retry", async () => {
    const sleeps: number[] = [];
    const events: ApiEvent[] = [];
    let calls = 0;
    const result = await withRetry(
      "DescribeInstanceBackups",
      async () => {
        calls++;
        if (calls < 4) throw retryable();
        return "ok";
      },
      {
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.5,
        baseDelayMs: 100,
        onEvent: (e) => events.push(e),
      },
    );
    expect(result).toBe("ok");
    expect(sleeps).toEqual([50, 100, 200]);
    expect(events.map((e) => [e.kind, e.attempt, e.code])).toEqual([
      ["retry", 1, "InternalError"],
      ["retry", 2, "InternalError"],
      ["retry", 3, "InternalError"],
    ]);
  });

  it("never retries a non-retryable ApiError or an input error", async () => {
    for (const error of [
      new ApiError("auth", "AuthFailure.SignatureFailure"),
      new InvalidInputError("f", "bad"),
    ]) {
      let calls = 0;
      await expect(
        withRetry(
          "A",
          async () => {
            calls++;
            throw error;
          },
          { sleep: async () => {} },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it("gives up with the last error when the budget is spent", async () => {
    let clock = 0;
    let calls = 0;
    const error = await withRetry(
      "A",
      async () => {
        calls++;
        throw retryable();
      },
      {
        budgetMs: 1000,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
        random: () => 1,
        baseDelayMs: 200,
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    // waits 200 + 400 = 600; the next (800) would pass the 1000 ms budget
    expect(calls).toBe(3);
  });

  it("caps the delay", () => {
    expect(backoffDelay(20, 200, 5000, () => 0.999)).toBeLessThan(5000);
  });
});

describe("createThrottle", () => {
  it("allows a burst of the rate, then spaces requests at 1/rate", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const throttle = createThrottle(4, {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    for (let i = 0; i < 6; i++) await throttle.acquire();
    expect(sleeps).toEqual([250, 250]);
    expect(clock).toBe(500);
  });

  it("serves concurrent callers without exceeding the rate", async () => {
    let clock = 0;
    const throttle = createThrottle(2, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => throttle.acquire().then(() => times.push(clock))));
    expect(times).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });
});

describe("sleep", () => {
  afterEach(() => jest.useRealTimers());

  it("waits the whole of a wait longer than a timer takes (2^31 ms), where a bare setTimeout fires after 1 ms", async () => {
    jest.useFakeTimers();
    const thirtyDaysMs = 30 * 86_400_000;
    let done = false;
    const waiting = sleep(thirtyDaysMs).then(() => {
      done = true;
    });
    await jest.advanceTimersByTimeAsync(2_147_483_647);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(thirtyDaysMs - 2_147_483_647 - 1);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });
});
