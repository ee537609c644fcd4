/** The optional rate limit: at most N requests per second per action, shared by every client. */

const WINDOW_MS = 1000;

/** A sliding one-second window per action on a monotonic clock. */
export class RateLimit {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number | undefined,
    private readonly clock: () => number,
  ) {}

  /** True when this request of `action` is over the limit (it is then not counted). */
  exceeded(action: string): boolean {
    if (!this.perSecond) return false;
    const now = this.clock();
    const times = (this.recent.get(action) ?? []).filter((t) => now - t < WINDOW_MS);
    const over = times.length >= this.perSecond;
    if (!over) times.push(now);
    this.recent.set(action, times);
    return over;
  }
}
