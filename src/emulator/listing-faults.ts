/** Applies listing faults to a page and remembers each query's last TotalCount (for "totalCountDrift"). */
import { type FaultBook, type FaultPage, type ListingContext, ruleAt } from "./faults";

const MAX_REMEMBERED_QUERIES = 10_000;

/** The listing stage of the fault book. */
export class ListingFaults {
  private readonly lastTotals = new Map<string, number>();

  constructor(private readonly faults: FaultBook) {}

  /**
   * The page as served: corrupted when a listing fault of `action` is due. `queryKey` names the query without
   * its offset, so pages of one listing share it.
   */
  apply<Row extends object>(
    action: string,
    queryKey: string,
    page: FaultPage<Row>,
    context: Omit<ListingContext, "previousTotal">,
  ): FaultPage<Row> {
    const previousTotal = this.lastTotals.get(queryKey);
    if (this.lastTotals.size >= MAX_REMEMBERED_QUERIES) this.lastTotals.clear(); // bounded memory in soaks
    this.lastTotals.set(queryKey, page.total);
    const fault = this.faults.take(action, "listing");
    if (!fault) return page;
    const corrupted = ruleAt(fault, "listing").corrupt(page as FaultPage, { ...context, previousTotal });
    return corrupted as FaultPage<Row>;
  }
}
