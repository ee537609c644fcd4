/** What both dialects share: the world, the fault book, the log, the rate limit, the clocks. */
import type { ServerResponse } from "node:http";
import type { ActionContext } from "./actions";
import { EmulatorApiError } from "./api-error";
import type { EmulatorCredentials, UnexpectedToken } from "./credentials";
import { type FaultBook, ruleAt } from "./faults";
import type { ListingFaults } from "./listing-faults";
import type { RateLimit } from "./rate-limit";
import type { LoggedRequest, RequestLog } from "./request-log";
import type { EmulatorState } from "./state";

/** The emulator's shared parts. */
export interface EmulatorCore {
  readonly state: EmulatorState;
  readonly faults: FaultBook;
  readonly listingFaults: ListingFaults;
  readonly log: RequestLog;
  readonly rateLimit: RateLimit;
  readonly credentials: EmulatorCredentials;
  /** What a token sent with a permanent key (credentials without a token) gets. */
  readonly unexpectedToken: UnexpectedToken;
  /** Whether the official SDK's local-endpoint signatures are accepted too (see tc3-verify.ts). */
  readonly sdkCompatible: boolean;
  /** The emulator clock (epoch ms): signature expiry, new backups, the default end of a window. */
  readonly now: () => number;
  /** A monotonic clock (ms): task progress and the rate limit. */
  readonly monotonic: () => number;
  readonly taskDurationMs: number;
}

/** The context an action runs in. */
export function actionContext(core: EmulatorCore, action: string): ActionContext {
  return {
    state: core.state,
    nowMs: core.now(),
    monotonicMs: core.monotonic(),
    taskDurationMs: core.taskDurationMs,
    nextEnding: () => {
      const fault = core.faults.take(action, "task");
      return fault ? ruleAt(fault, "task").ending : "succeed";
    },
    listingFaults: core.listingFaults,
    action,
  };
}

/** Sends a JSON answer with HTTP 200 (Tencent answers errors with 200 too). */
export function sendJson(res: ServerResponse, payload: object): void {
  const text = JSON.stringify(payload);
  res
    .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
    .end(text);
}

/**
 * Applies a due transport fault of `action`, if any: returns true when the fault took over the exchange
 * (`proceed` answers normally later, e.g. after the "slow" delay).
 */
function transportFault(
  core: EmulatorCore,
  dialect: LoggedRequest["dialect"],
  exchange: { action: string; params: unknown; res: ServerResponse; proceed(): void },
): boolean {
  const fault = core.faults.take(exchange.action, "transport");
  if (!fault) return false;
  ruleAt(fault, "transport").act({
    res: exchange.res,
    fault,
    proceed: exchange.proceed,
    log: (httpStatus) =>
      core.log.add(dialect, exchange.action, exchange.params, httpStatus, `fault:${fault.kind}`),
  });
  return true;
}

/** A successful answer as served: with fields left out when an `answer` fault is due. */
export function answerAsServed(core: EmulatorCore, action: string, payload: object): object {
  const fault = core.faults.take(action, "answer");
  return fault ? ruleAt(fault, "answer").change(payload as Record<string, unknown>) : payload;
}

/** One admitted request, as each dialect hands it over. */
export interface AdmittedExchange {
  readonly action: string;
  readonly params: unknown;
  readonly res: ServerResponse;
  /** Runs the action and answers. */
  respond(): void;
  /** Answers an EmulatorApiError in the dialect's envelope (rethrows anything else). */
  fail(error: unknown): void;
}

/**
 * What follows admission in both dialects: the rate limit, then a due transport fault (it takes over the
 * exchange), then a due error fault (answered as the API would), then the action.
 */
export function dispatch(
  core: EmulatorCore,
  dialect: LoggedRequest["dialect"],
  exchange: AdmittedExchange,
): void {
  const { action } = exchange;
  if (core.rateLimit.exceeded(action)) {
    throw new EmulatorApiError("RequestLimitExceeded", `more requests of ${action} per second than allowed`);
  }
  const run = () => {
    try {
      const injected = core.faults.take(action, "error");
      if (injected) {
        const { code, message } = ruleAt(injected, "error");
        throw new EmulatorApiError(code, message);
      }
      exchange.respond();
    } catch (error) {
      exchange.fail(error);
    }
  };
  if (!transportFault(core, dialect, { action, params: exchange.params, res: exchange.res, proceed: run }))
    run();
}
