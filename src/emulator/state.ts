/** The emulator's mutable world: instances, their backups, tasks, restores and clones. */
import type { TaskEnding } from "./faults";
import type { EmulatorSeed, V3Row } from "./seed";

/** A restore the emulator accepted. */
export interface RestoreRecord {
  readonly backupId: string;
  readonly taskId: number;
}

/** A clone the emulator accepted (recorded on the source instance). */
export interface CloneRecord {
  readonly backupId: string;
  readonly instanceIds: readonly string[];
  readonly dealName: string;
}

/** One instance's state. */
export interface InstanceState {
  readonly instanceId: string;
  readonly region: string;
  /** The instance password RestoreInstance checks; undefined for a password-free instance. */
  readonly password?: string;
  readonly name: string;
  readonly backups: V3Row[];
  /** Restores requested, in order. */
  readonly restores: RestoreRecord[];
  /** Clones made from this instance's backups, in order. */
  readonly clones: CloneRecord[];
  /** Monotonic ms when the instance is running (clones are "creating" until then). */
  readyAt: number;
  /** The instance's latest restore or backup task: while it runs, the instance takes no other operation. */
  lastTask?: TaskState;
}

/** What `RunningEmulator.instance()` shows: the state without the password, for assertions. */
export type InstanceView = Readonly<Omit<InstanceState, "password" | "readyAt" | "lastTask">> & {
  readonly hasPassword: boolean;
};

/** A restore, clone or manual backup task. */
export interface TaskState {
  readonly taskId: number;
  readonly taskType: string;
  readonly instanceId: string;
  /** The region it was started in: DescribeTaskInfo finds it there only. */
  readonly region: string;
  /** Emulator clock (epoch ms) at the start: DescribeTaskInfo's StartTime. */
  readonly startMs: number;
  /** Monotonic ms at the start: how long it has run. */
  readonly startedAt: number;
  /** How it ends; a hanging task ends as failed when the faults are cleared. */
  ending: TaskEnding;
  /** Applied once when the task succeeds (e.g. the manual backup row appears). */
  onSucceed?: () => void;
}

/** The world. */
export class EmulatorState {
  readonly instances = new Map<string, InstanceState>();
  readonly tasks = new Map<number, TaskState>();

  /** Ends every hanging task as failed, freeing its instance: a hang is an injected fault's effect. */
  endHangingTasks(): void {
    for (const task of this.tasks.values()) if (task.ending === "hang") task.ending = "failed";
  }
  /** The seeded instances' regions: served even when they are not Tencent's (custom seeds). */
  readonly seededRegions = new Set<string>();
  private nextTaskId = 1001;
  private nextClone = 1;

  constructor(seed: EmulatorSeed | undefined) {
    for (const instance of seed?.instances ?? []) {
      this.seededRegions.add(instance.region);
      this.addInstance({
        instanceId: instance.instanceId,
        region: instance.region,
        ...(instance.password === undefined ? {} : { password: instance.password }),
        name: instance.name ?? instance.instanceId,
        backups: instance.backups.map((row) => ownedBy(instance.instanceId, row)),
        readyAt: 0,
      });
    }
  }

  /** Adds an instance with no restores or clones yet. */
  addInstance(instance: Omit<InstanceState, "restores" | "clones">): InstanceState {
    const created: InstanceState = { ...instance, restores: [], clones: [] };
    this.instances.set(created.instanceId, created);
    return created;
  }

  /** Starts a task on `instance` (its latest task from now on). */
  addTask(instance: InstanceState, task: Omit<TaskState, "taskId" | "instanceId" | "region">): TaskState {
    const created = {
      ...task,
      taskId: this.nextTaskId++,
      instanceId: instance.instanceId,
      region: instance.region,
    };
    this.tasks.set(created.taskId, created);
    instance.lastTask = created;
    return created;
  }

  /** A new clone instance id, e.g. `crs-cl0n0001`. */
  cloneId(): string {
    return `crs-cl0n${String(this.nextClone++).padStart(4, "0")}`;
  }

  /** A read-only, password-free view of an instance, or undefined. */
  view(instanceId: string): InstanceView | undefined {
    const instance = this.instances.get(instanceId);
    if (!instance) return undefined;
    return Object.freeze({
      instanceId: instance.instanceId,
      region: instance.region,
      name: instance.name,
      hasPassword: instance.password !== undefined,
      backups: instance.backups.map((row) => Object.freeze({ ...row })),
      restores: instance.restores.map((r) => ({ ...r })),
      clones: instance.clones.map((c) => ({ ...c, instanceIds: [...c.instanceIds] })),
    });
  }
}

/** True while `task` runs: until the task duration has passed, forever for a hanging task. */
export function taskRunning(task: TaskState, monotonicMs: number, taskDurationMs: number): boolean {
  return task.ending === "hang" || monotonicMs - task.startedAt < taskDurationMs;
}

/** A copy of `row` as the service lists it under its instance: the row's `InstanceId` is always the owner's. */
export function ownedBy(instanceId: string, row: V3Row): V3Row {
  return { ...row, InstanceId: instanceId };
}
