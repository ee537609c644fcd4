import { resolveConnection } from "../../src/api/connection";
import { waitForTask } from "../../src/api/tasks";
import { createV3Client, type RedisV3Client } from "../../src/api/v3-client";
import { TaskError } from "../../src/backups/errors";
import { type FakeServer, startFakeServer } from "./fake-server";

const credentials = { secretId: "AKIDEMULATOR00000000", secretKey: "emulator-secret-key-not-a-real-one" };
const task = (Status: string, TaskMessage = "") => ({
  kind: "json" as const,
  body: { Response: { Status, TaskMessage, InstanceId: "crs-1", TaskType: "RESTORE", RequestId: "r" } },
});

describe("waitForTask (real SDK over loopback)", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function clientFor(statuses: string[], message = "") {
    server = await startFakeServer((n) => task(statuses[Math.min(n, statuses.length) - 1]!, message));
    const connection = await resolveConnection({
      region: "ap-guangzhou",
      endpoint: server.url,
      credentials,
      env: {},
    });
    return createV3Client(connection);
  }

  it("polls until succeed and reports progress", async () => {
    const client = await clientFor(["preparing", "running", "succeed"]);
    let clock = 0;
    const progress: [number, string][] = [];
    const outcome = await waitForTask(client, 42, {
      pollIntervalMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      onProgress: (elapsed, status) => progress.push([elapsed, status]),
    });
    expect(outcome).toMatchObject({ taskId: 42, status: "succeed", instanceId: "crs-1" });
    expect(progress).toEqual([
      [0, "preparing"],
      [1000, "running"],
      [2000, "succeed"],
    ]);
    expect(JSON.parse(server!.requests[0]!.body)).toEqual({ TaskId: 42 });
  });

  it.each(["failed", "error"])("throws TaskError (exit 5) when the task is %s", async (status) => {
    const client = await clientFor(["running", status], "backup locked");
    const error = await waitForTask(client, 9, { pollIntervalMs: 1, sleep: async () => {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TaskError);
    expect((error as TaskError).exitCode).toBe(5);
    expect((error as TaskError).taskId).toBe(9);
    expect((error as Error).message).toBe(`task 9 ${status}: backup locked`);
  });

  it("throws TaskError when the task outlives the timeout, after a last poll at the deadline", async () => {
    const client = await clientFor(["running"]);
    let clock = 0;
    const slept: number[] = [];
    const error = await waitForTask(client, 5, {
      timeoutMs: 10_000,
      pollIntervalMs: 3000,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as Error).message).toMatch(/^task 5 still running after 10 s/);
    expect(slept).toEqual([3000, 3000, 3000, 1000]);
    expect(server!.requests).toHaveLength(5);
  });
});

describe("waitForTask with waits longer than a timer takes", () => {
  afterEach(() => jest.useRealTimers());

  it("polls once per --poll-interval 30d, where a bare setTimeout would fire after 1 ms and poll in a loop", async () => {
    jest.useFakeTimers();
    let polls = 0;
    // The poll count is what is under test; a client that answers "running" at once stands in for the API.
    const client = {
      describeTaskInfo: async () => {
        // Bounded: a wait cut short would poll in a loop; the sixth poll ends it (and the test fails).
        if (++polls > 5) throw new Error("polled in a loop");
        return { Status: "running" };
      },
    } as unknown as RedisV3Client;
    const dayMs = 86_400_000;
    const waiting = waitForTask(client, 7, { pollIntervalMs: 30 * dayMs, timeoutMs: 60 * dayMs }).catch(
      (e: unknown) => e,
    );
    await jest.advanceTimersByTimeAsync(29 * dayMs);
    expect(polls).toBe(1);
    await jest.advanceTimersByTimeAsync(dayMs);
    expect(polls).toBe(2);
    await jest.advanceTimersByTimeAsync(30 * dayMs);
    expect(polls).toBe(3);
    const error = await waiting;
    expect(error).toBeInstanceOf(TaskError);
    expect((error as Error).message).toMatch(/^task 7 still running after 5184000 s/);
  });
});
