/**
 * The lock file's entry key: the instance plus a canonical form of the criteria, so the same lookup always
 * hits the same entry however it was spelled (`"2026-11-20 02:00:00"` and `"2026-11-20T02:00:00+08:00"`,
 * statuses `[4, 2]` and `[2, 4]`). A relative window (`maxAge`) is kept as written: resolving it would give a
 * new key at every run. Connection details (region, endpoint) are not part of the key: they say where to ask,
 * not what to pick. The legacy API is, because its ids may differ from API 3.0's.
 */
import { DEFAULT_USABLE_STATUSES } from "../../backups/codes";
import type { SelectionCriteria } from "../../backups/model";
import { toRfc3339Beijing } from "../../backups/time";

/** What the key is built from: validated criteria, the relative window as written, the API dialect. */
export interface LockKeyInput {
  readonly instanceId: string;
  readonly criteria: SelectionCriteria;
  /** The `maxAge` prop as the user wrote it (trimmed); undefined for an absolute or open window. */
  readonly maxAge?: string;
  readonly api: "v3" | "legacy";
}

function sameStatuses(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((status, i) => status === b[i]);
}

/** The window as key parts: `maxAge=26h`, or absolute ends in RFC 3339 Beijing time. */
function windowParts(input: LockKeyInput): string[] {
  if (input.maxAge !== undefined) return [`maxAge=${input.maxAge}`];
  const { beginMs, endMs } = input.criteria.window;
  return [
    ...(beginMs === undefined ? [] : [`beginTime=${toRfc3339Beijing(beginMs)}`]),
    ...(endMs === undefined ? [] : [`endTime=${toRfc3339Beijing(endMs)}`]),
  ];
}

/**
 * `<instanceId> [api=legacy] [type=..] [window] [statuses=..] [includeLocked=true] [backupId=..]`, defaults
 * left out. Values hold no whitespace (validated before), the order is fixed and `backupId` comes last, so two
 * different lookups never share a key.
 */
export function lockKey(input: LockKeyInput): string {
  const { criteria } = input;
  const statuses = [...criteria.statuses].sort((a, b) => a - b);
  const parts = [
    input.instanceId,
    ...(input.api === "legacy" ? ["api=legacy"] : []),
    ...(criteria.type === "any" ? [] : [`type=${criteria.type}`]),
    ...windowParts(input),
    ...(sameStatuses(statuses, DEFAULT_USABLE_STATUSES) ? [] : [`statuses=${statuses.join(",")}`]),
    ...(criteria.includeLocked ? ["includeLocked=true"] : []),
    ...(criteria.backupId === undefined ? [] : [`backupId=${criteria.backupId}`]),
  ];
  return parts.join(" ");
}
