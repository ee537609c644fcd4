/** The emulator's mutable world: instances, their backups, tasks, restores and clones. */
import type { EmulatorSeed, V3Row } from "./seed";

/** One instance's state. */
export interface InstanceState {
  readonly instanceId: string;
  readonly region: string;
  readonly password?: string;
  readonly name: string;
  readonly backups: V3Row[];
  /** Restores requested, in order. */
  readonly restores: { backupId: string; taskId: number }[];
  /** Epoch ms when the instance becomes running (clones start "creating"). */
  readyAtMs: number;
}

/** How a task ends; faults change it. */
export type TaskEnding = "succeed" | "failed" | "hang";

/** A restore or manual backup task. */
export interface TaskState {
  readonly taskId: number;
  readonly taskType: string;
  readonly instanceId: string;
  readonly startMs: number;
  readonly ending: TaskEnding;
  /** Applied once when the task succeeds (e.g. the manual backup row appears). */
  onSucceed?: () => void;
}

/** The world. */
export class EmulatorState {
  readonly instances = new Map<string, InstanceState>();
  readonly tasks = new Map<number, TaskState>();
  private nextTaskId = 1001;
  private nextClone = 1;

  constructor(seed: EmulatorSeed | undefined) {
    for (const instance of seed?.instances ?? []) {
      this.instances.set(instance.instanceId, {
        instanceId: instance.instanceId,
        region: instance.region,
        ...(instance.password === undefined ? {} : { password: instance.password }),
        name: instance.name ?? instance.instanceId,
        backups: instance.backups.map((row) => ({ ...row })),
        restores: [],
        readyAtMs: 0,
      });
    }
  }

  /** Starts a task. */
  addTask(task: Omit<TaskState, "taskId">): TaskState {
    const created = { ...task, taskId: this.nextTaskId++ };
    this.tasks.set(created.taskId, created);
    return created;
  }

  /** A new clone instance id, e.g. `crs-cl0n0001`. */
  cloneId(): string {
    return `crs-cl0n${String(this.nextClone++).padStart(4, "0")}`;
  }
}
