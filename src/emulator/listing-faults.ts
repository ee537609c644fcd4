/** Corruptions of a DescribeInstanceBackups page, one small rule per fault. */
import type { FaultKind } from "./faults";
import type { V3Row } from "./seed";

type Page = { TotalCount: number; BackupSet: V3Row[] | null };

const RULES: Partial<Record<FaultKind, (page: Page, previousTotal?: number) => Page>> = {
  totalCountDrift: (page, previous) => ({ ...page, TotalCount: (previous ?? page.TotalCount) + 7 }),
  duplicateRows: (page) => ({
    ...page,
    BackupSet: page.BackupSet && [...page.BackupSet, ...page.BackupSet.slice(0, 1)],
  }),
  missingFields: (page) => ({
    ...page,
    BackupSet: (page.BackupSet ?? []).map((row, i) =>
      i === 0 ? ({ ...row, BackupId: undefined, StartTime: undefined } as unknown as V3Row) : row,
    ),
  }),
  unknownType: (page) => ({
    ...page,
    BackupSet: (page.BackupSet ?? []).map((row, i) => (i === 0 ? { ...row, BackupType: "7" } : row)),
  }),
  nullSet: (page) => ({ TotalCount: Math.max(1, page.TotalCount), BackupSet: null }),
};

/** Applies a listing fault to a page; `previousTotal` is the last TotalCount served for the same query. */
export function corruptListing(kind: FaultKind, page: Page, previousTotal?: number): Page {
  const rule = RULES[kind];
  return rule ? rule(page, previousTotal) : page;
}
