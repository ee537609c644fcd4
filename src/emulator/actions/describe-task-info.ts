/** DescribeTaskInfo: preparing, running, then the task's ending ("succeed" applies its effect once). */
import { formatApiTime } from "../../backups/time";
import { EmulatorApiError } from "../api-error";
import { taskRunning } from "../state";
import type { ActionContext } from "./context";
import { type Params, requireInteger } from "./params";

/** The parameters the action defines. */
export const DESCRIBE_TASK_INFO_PARAMS = ["TaskId"] as const;

/**
 * `{ Status, StartTime, TaskType, InstanceId, TaskMessage }` of a task. A task is only visible in the region it
 * was started in: from another region it is answered exactly as an unknown task.
 */
export function describeTaskInfo(params: Params, ctx: ActionContext, region: string): object {
  const taskId = requireInteger(params, "TaskId");
  const task = ctx.state.tasks.get(taskId);
  if (!task || task.region !== region) {
    throw new EmulatorApiError("InvalidParameterValue", `task ${taskId} does not exist`);
  }
  const elapsed = ctx.monotonicMs - task.startedAt;
  const done = !taskRunning(task, ctx.monotonicMs, ctx.taskDurationMs);
  const status = done ? task.ending : elapsed < ctx.taskDurationMs / 3 ? "preparing" : "running";
  if (status === "succeed" && task.onSucceed) {
    task.onSucceed();
    task.onSucceed = undefined;
  }
  return {
    Status: status,
    StartTime: formatApiTime(task.startMs),
    TaskType: task.taskType,
    InstanceId: task.instanceId,
    TaskMessage: status === "failed" ? "the task failed (emulated)" : "",
  };
}
