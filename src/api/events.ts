/** Secret-free events for verbose logs. */

/** One thing the client did: a request sent, a retry scheduled, a page received. */
export interface ApiEvent {
  readonly kind: "request" | "retry" | "page";
  readonly action: string;
  readonly attempt?: number;
  readonly delayMs?: number;
  readonly code?: string;
}

/** Receives ApiEvents; must not throw. */
export type ApiEventListener = (event: ApiEvent) => void;
