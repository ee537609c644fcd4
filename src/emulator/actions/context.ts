/** What an action needs besides its parameters. */
import type { TaskEnding } from "../faults";
import type { ListingFaults } from "../listing-faults";
import type { EmulatorState } from "../state";

/** The context every action runs in. */
export interface ActionContext {
  readonly state: EmulatorState;
  /** The emulator clock (epoch ms): new backups' times, the default end of a window. */
  readonly nowMs: number;
  /** A monotonic clock (ms) for task progress: tasks finish even when the emulator clock is frozen. */
  readonly monotonicMs: number;
  /** How long tasks run before they end. */
  readonly taskDurationMs: number;
  /** How the next task of this action ends (task faults). */
  nextEnding(): TaskEnding;
  /** The listing stage of the fault book. */
  readonly listingFaults: ListingFaults;
  /** The action being served. */
  readonly action: string;
}
