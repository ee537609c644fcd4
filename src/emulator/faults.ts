/**
 * Injectable faults. Each kind is one small rule in `FAULTS`, applied at one stage of a request:
 * - `transport`: the HTTP exchange itself (status 500, slow, hanging, broken bodies);
 * - `error`: a Tencent error code instead of the answer;
 * - `listing`: a corrupted DescribeInstanceBackups / GetRedisBackupList page;
 * - `answer`: a successful answer with fields left out (every response field is optional in the API's model);
 * - `task`: how the next restore or backup task ends.
 */
import type { ServerResponse } from "node:http";

/** What can go wrong. */
export type FaultKind =
  | "http500"
  | "internalError"
  | "systemError"
  | "requestLimitExceeded"
  | "slow"
  | "hang"
  | "malformed"
  | "truncated"
  | "emptyBody"
  | "permissionDenied"
  | "totalCountDrift"
  | "duplicateRows"
  | "missingFields"
  | "unknownType"
  | "foreignRow"
  | "remarkCut"
  | "newestHidden"
  | "nullSet"
  | "noInstanceIds"
  | "taskFailed"
  | "taskHangs";

/** A fault to inject. */
export interface Fault {
  readonly kind: FaultKind;
  /** How many matching requests it affects. @default 1 (Infinity allowed) */
  readonly times?: number;
  /** Only requests of this action (e.g. "DescribeInstanceBackups"). @default every action */
  readonly action?: string;
  /** For "slow": the delay before answering. @default 15000 */
  readonly delayMs?: number;
  /** Matching requests to let through before the fault starts (e.g. 1 to hit the second page). @default 0 */
  readonly after?: number;
}

/** How a task ends; task faults change it. */
export type TaskEnding = "succeed" | "failed" | "hang";

/** A listing page in either dialect's shape, reduced to what the listing faults touch. */
export interface FaultPage<Row extends object = Record<string, unknown>> {
  readonly total: number;
  readonly rows: Row[] | null;
}

/** What a transport fault acts on. */
export interface Exchange {
  readonly res: ServerResponse;
  readonly fault: Fault;
  /** Answers normally (used by "slow"). */
  proceed(): void;
  /** Records the request in the log with the HTTP status it got (0: never answered). */
  log(httpStatus: number): void;
}

type Stage = "transport" | "error" | "listing" | "answer" | "task";

/** One fault's rule. */
export type FaultRule =
  | { readonly stage: "transport"; act(exchange: Exchange): void }
  | { readonly stage: "error"; readonly code: string; readonly message: string }
  | { readonly stage: "listing"; corrupt(page: FaultPage, context: ListingContext): FaultPage }
  | {
      readonly stage: "answer";
      /** The only action whose answer it changes (a fault injected without `action` waits for it). */
      readonly action: string;
      change(answer: Record<string, unknown>): Record<string, unknown>;
    }
  | { readonly stage: "task"; readonly ending: TaskEnding };

/** The field names of a row in the dialect being corrupted (PascalCase in 3.0, camelCase in 2.0). */
export interface RowFields {
  readonly id: string;
  readonly start: string;
  readonly type: string;
  /** The row's instance id field (API 3.0 sends it; the legacy API does not, so the fault adds it). */
  readonly instance: string;
  readonly remark: string;
}

/** What a listing fault may use besides the page. */
export interface ListingContext {
  /** The TotalCount served last for the same query (any offset). */
  readonly previousTotal?: number;
  /** The row just before this page (the previous page's last row), when the page is not the first. */
  readonly previousRow?: Record<string, unknown>;
  readonly fields: RowFields;
}

/** A BackupType code neither dialect defines. */
const UNKNOWN_TYPE_CODE = "7";
/** How much of each remark a `remarkCut` fault keeps (no documented limit; a service may keep less than sent). */
const CUT_REMARK_LENGTH = 20;
/** The instance a `foreignRow` fault claims the first row belongs to. */
const FOREIGN_INSTANCE = "crs-foreign1";

const DEFAULT_SLOW_MS = 15_000;

function reply(exchange: Exchange, status: number, body: string): void {
  exchange.log(status);
  exchange.res
    .writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
    .end(body);
}

function firstRow(page: FaultPage, change: (row: Record<string, unknown>) => Record<string, unknown>) {
  return { ...page, rows: (page.rows ?? []).map((row, i) => (i === 0 ? change(row) : row)) };
}

/** Every fault, one rule each. */
const FAULTS: Readonly<Record<FaultKind, FaultRule>> = {
  http500: { stage: "transport", act: (x) => reply(x, 500, "internal server error\n") },
  slow: {
    stage: "transport",
    act: (x) => {
      // The client may give up first; then there is nobody to answer.
      setTimeout(
        () => (x.res.destroyed ? undefined : x.proceed()),
        x.fault.delayMs ?? DEFAULT_SLOW_MS,
      ).unref();
    },
  },
  hang: { stage: "transport", act: (x) => x.log(0) }, // never answered; close() destroys the socket
  malformed: { stage: "transport", act: (x) => reply(x, 200, "{ this is not json") },
  truncated: {
    stage: "transport",
    act: (x) => reply(x, 200, '{"Response":{"TotalCount":3,"BackupSet":[{"BackupId":"'),
  },
  emptyBody: { stage: "transport", act: (x) => reply(x, 200, "") },
  internalError: { stage: "error", code: "InternalError", message: "internal error (injected)" },
  systemError: { stage: "error", code: "FailedOperation.SystemError", message: "system error (injected)" },
  requestLimitExceeded: {
    stage: "error",
    code: "RequestLimitExceeded",
    message: "request limit exceeded (injected)",
  },
  permissionDenied: {
    stage: "error",
    code: "UnauthorizedOperation.NoCAMAuthed",
    message: "the sub-account is not authorized for this action (injected)",
  },
  totalCountDrift: {
    stage: "listing",
    corrupt: (page, { previousTotal }) => ({ ...page, total: (previousTotal ?? page.total) + 7 }),
  },
  duplicateRows: {
    stage: "listing",
    // The previous page's last row served again (on the first page, its own first row): identical content.
    corrupt: (page, { previousRow }) => {
      const repeated = previousRow ?? page.rows?.[0];
      return { ...page, rows: page.rows && (repeated ? [repeated, ...page.rows] : page.rows) };
    },
  },
  missingFields: {
    stage: "listing",
    corrupt: (page, { fields }) =>
      firstRow(page, (row) => {
        const { [fields.id]: _id, [fields.start]: _start, ...rest } = row;
        return rest;
      }),
  },
  unknownType: {
    stage: "listing",
    corrupt: (page, { fields }) => firstRow(page, (row) => ({ ...row, [fields.type]: UNKNOWN_TYPE_CODE })),
  },
  foreignRow: {
    stage: "listing",
    corrupt: (page, { fields }) => firstRow(page, (row) => ({ ...row, [fields.instance]: FOREIGN_INSTANCE })),
  },
  remarkCut: {
    stage: "listing",
    corrupt: (page, { fields }) => ({
      ...page,
      rows: (page.rows ?? []).map((row) => {
        const remark = row[fields.remark];
        return typeof remark === "string"
          ? { ...row, [fields.remark]: remark.slice(0, CUT_REMARK_LENGTH) }
          : row;
      }),
    }),
  },
  newestHidden: {
    // A row not listed yet (a listing that lags behind the task that made it): the newest row of the page it
    // hits, with TotalCount one lower on that page; meant for one-page listings (a backup just made).
    stage: "listing",
    corrupt: (page, { fields }) => {
      const rows = page.rows ?? [];
      const newest = rows.reduce<Record<string, unknown> | undefined>(
        (best, row) =>
          best === undefined || String(row[fields.start]) > String(best[fields.start]) ? row : best,
        undefined,
      );
      return newest ? { total: page.total - 1, rows: rows.filter((row) => row !== newest) } : page;
    },
  },
  nullSet: { stage: "listing", corrupt: (page) => ({ total: Math.max(1, page.total), rows: null }) },
  noInstanceIds: {
    stage: "answer",
    action: "CloneInstances",
    change: ({ InstanceIds: _ids, ...rest }) => rest,
  },
  taskFailed: { stage: "task", ending: "failed" },
  taskHangs: { stage: "task", ending: "hang" },
};

/** The rule of a fault at a given stage (narrowed), for callers that took it with `FaultBook.take`. */
export function ruleAt<S extends Stage>(fault: Fault, stage: S): Extract<FaultRule, { stage: S }> {
  const rule = FAULTS[fault.kind];
  if (rule.stage !== stage) throw new Error(`fault ${fault.kind} is not a ${stage} fault`);
  return rule as Extract<FaultRule, { stage: S }>;
}

/** The action a rule is bound to, if any. */
function ruleAction(rule: FaultRule): string | undefined {
  return rule.stage === "answer" ? rule.action : undefined;
}

/** Active faults, consumed as they fire. */
export class FaultBook {
  private readonly active: { fault: Fault; remaining: number; skip: number }[] = [];

  /** Adds a fault; it fires on the next matching requests (after `after` of them pass). */
  add(fault: Fault): void {
    if (!Object.hasOwn(FAULTS, fault.kind))
      throw new Error(`injectFault: unknown fault kind "${fault.kind}"`);
    this.active.push({ fault, remaining: fault.times ?? 1, skip: fault.after ?? 0 });
  }

  /** Removes every active fault. */
  clear(): void {
    this.active.length = 0;
  }

  /** Takes the first active fault of `stage` that matches the action, if any. */
  take(action: string, stage: Stage): Fault | undefined {
    const entry = this.active.find(
      (e) =>
        e.remaining > 0 &&
        FAULTS[e.fault.kind].stage === stage &&
        (e.fault.action ?? ruleAction(FAULTS[e.fault.kind]) ?? action) === action,
    );
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip--;
      return undefined;
    }
    entry.remaining--;
    return entry.fault;
  }
}
