/** Injectable faults: each is a small rule applied to one request, for a bounded number of times. */

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
  | "nullSet"
  | "taskFailed"
  | "taskHangs";

/** A fault to inject. */
export interface Fault {
  readonly kind: FaultKind;
  /** How many matching requests it affects. @default 1 (Infinity allowed) */
  readonly times?: number;
  /** Only requests of this action. @default every action */
  readonly action?: string;
  /** For "slow": the delay before answering. @default 15000 */
  readonly delayMs?: number;
  /** Matching requests to let through before the fault starts (e.g. 1 to hit the second page). @default 0 */
  readonly after?: number;
}

/** Faults that replace the answer with a Tencent error code. */
export const ERROR_FAULTS: Partial<Record<FaultKind, { code: string; message: string }>> = {
  internalError: { code: "InternalError", message: "internal error (injected)" },
  systemError: { code: "FailedOperation.SystemError", message: "system error (injected)" },
  requestLimitExceeded: { code: "RequestLimitExceeded", message: "request limit exceeded (injected)" },
  permissionDenied: {
    code: "UnauthorizedOperation.NoCAMAuthed",
    message: "you are not authorized for redis:DescribeInstanceBackups (injected)",
  },
};

/** Faults that act on the HTTP exchange itself. */
export const TRANSPORT_FAULTS: readonly FaultKind[] = [
  "http500",
  "slow",
  "hang",
  "malformed",
  "truncated",
  "emptyBody",
];

/** Faults that corrupt a DescribeInstanceBackups page. */
export const LISTING_FAULTS: readonly FaultKind[] = [
  "totalCountDrift",
  "duplicateRows",
  "missingFields",
  "unknownType",
  "nullSet",
];

/** Faults that change how the next task ends. */
export const TASK_FAULTS: readonly FaultKind[] = ["taskFailed", "taskHangs"];

/** Active faults, consumed as they fire. */
export class FaultBook {
  private readonly active: { fault: Fault; remaining: number; skip: number }[] = [];

  add(fault: Fault): void {
    this.active.push({ fault, remaining: fault.times ?? 1, skip: fault.after ?? 0 });
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Takes the first active fault of one of `kinds` that matches the action, if any. */
  take(action: string, kinds: readonly FaultKind[]): Fault | undefined {
    const entry = this.active.find(
      (e) =>
        e.remaining > 0 && kinds.includes(e.fault.kind) && (!e.fault.action || e.fault.action === action),
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
