import { type ConnectionOptions, resolveConnection } from "../../src/api/connection";
import type { ApiEvent } from "../../src/api/events";
import { createV3Client } from "../../src/api/v3-client";
import { ApiError } from "../../src/backups/errors";
import { type FakeReply, type FakeServer, startFakeServer, tencentError } from "./fake-server";

const credentials = { secretId: "AKIDEMULATOR00000000", secretKey: "emulator-secret-key-not-a-real-one" };
const ok: FakeReply = { kind: "json", body: { Response: { TaskId: 7, RequestId: "req-ok" } } };

describe("v3 client error mapping and retries (real SDK over loopback)", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function client(replies: (n: number) => FakeReply, extra: Partial<ConnectionOptions> = {}) {
    server = await startFakeServer((n) => replies(n));
    const events: ApiEvent[] = [];
    const connection = await resolveConnection({
      region: "ap-guangzhou",
      endpoint: server.url,
      credentials,
      env: {},
      retry: { sleep: async () => {}, baseDelayMs: 1 },
      onEvent: (e) => events.push(e),
      ...extra,
    });
    return { api: createV3Client(connection), events };
  }

  it.each([
    ["HTTP 500", { kind: "raw", status: 500, body: "oops" } as FakeReply],
    ["HTTP 429 (a proxy's rate limit)", { kind: "raw", status: 429, body: "too many requests" } as FakeReply],
    ["InternalError", tencentError("InternalError.DbError", "db down")],
    ["RequestLimitExceeded", tencentError("RequestLimitExceeded", "slow down")],
    ["FailedOperation.SystemError", tencentError("FailedOperation.SystemError", "sys")],
    ["a malformed body", { kind: "raw", status: 200, body: "{not json" } as FakeReply],
  ])("retries after %s and then succeeds", async (_label, failure) => {
    const { api, events } = await client((n) => (n < 3 ? failure : ok));
    await expect(api.describeTaskInfo({ TaskId: 7 })).resolves.toMatchObject({ TaskId: 7 });
    expect(server!.requests).toHaveLength(3);
    expect(events.filter((e) => e.kind === "retry")).toHaveLength(2);
  });

  it("reports a body that is not JSON as MalformedResponse once retries are spent", async () => {
    const { api } = await client(() => ({ kind: "raw", status: 200, body: "<html>" }), {
      retry: { sleep: async () => {}, maxAttempts: 2 },
    });
    const error = await api.describeTaskInfo({ TaskId: 7 }).catch((e: unknown) => e as ApiError);
    expect((error as ApiError).code).toBe("MalformedResponse");
    expect(server!.requests).toHaveLength(2);
  });

  it("retries a response slower than the per-request timeout", async () => {
    const { api } = await client((n) => (n === 1 ? { kind: "hang" } : ok), { requestTimeoutMs: 300 });
    await expect(api.describeTaskInfo({ TaskId: 7 })).resolves.toMatchObject({ TaskId: 7 });
    expect(server!.requests).toHaveLength(2);
  });

  it("does not retry an auth failure and says to check the credentials", async () => {
    const { api } = await client(() =>
      tencentError("AuthFailure.SignatureFailure", "bad signature", "req-auth"),
    );
    const error = await api.describeTaskInfo({ TaskId: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(server!.requests).toHaveLength(1);
    expect((error as ApiError).code).toBe("AuthFailure.SignatureFailure");
    expect((error as ApiError).requestId).toBe("req-auth");
    expect((error as Error).message).toMatch(
      /^DescribeTaskInfo failed: AuthFailure\.SignatureFailure: bad signature \(RequestId req-auth\); check TENCENTCLOUD_SECRET_ID/,
    );
    expect((error as Error).message).not.toContain(credentials.secretKey);
  });

  it("points at the clock, not the keys, for an expired signature", async () => {
    const { api } = await client(() => tencentError("AuthFailure.SignatureExpire", "expired", "req-clock"));
    const error = await api.describeTaskInfo({ TaskId: 1 }).catch((e: unknown) => e as Error);
    expect(error.message).toMatch(
      /SignatureExpire: expired \(RequestId req-clock\); check this machine's clock/,
    );
  });

  it("names the CAM action for NoCAMAuthed", async () => {
    const { api } = await client(() =>
      tencentError("UnauthorizedOperation.NoCAMAuthed", "not authorized", "req-cam"),
    );
    const error = await api
      .describeInstanceBackups({ InstanceId: "crs-1", Limit: 100, Offset: 0 })
      .catch((e: unknown) => e as ApiError);
    expect((error as ApiError).message).toBe(
      "DescribeInstanceBackups failed: UnauthorizedOperation.NoCAMAuthed: not authorized (RequestId req-cam); grant the CAM action redis:DescribeInstanceBackups",
    );
    expect((error as ApiError).exitCode).toBe(4);
  });

  it("hints at the instance id and region for InstanceNotExists", async () => {
    const { api } = await client(() =>
      tencentError("ResourceNotFound.InstanceNotExists", "no such instance"),
    );
    await expect(api.describeTaskInfo({ TaskId: 1 })).rejects.toThrow(/; check the instance id and region$/);
  });

  it("gives up within the retry budget with the last error", async () => {
    const { api } = await client(() => tencentError("InternalError", "always"), {
      // Waits of 20, 40, 80, 160 ms fit the budget, a slow first answer on a loaded machine still leaves a retry.
      retryBudgetMs: 500,
      retry: { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), baseDelayMs: 20, random: () => 1 },
    });
    const error = await api.describeTaskInfo({ TaskId: 1 }).catch((e: unknown) => e as ApiError);
    expect((error as ApiError).code).toBe("InternalError");
    expect(server!.requests.length).toBeGreaterThan(1);
    expect(server!.requests.length).toBeLessThan(10);
  });

  it.each([
    ["a 5xx", 502],
    ["a proxy's 429", 429],
  ])("does not retry a restore after %s (it may have run), only when Tencent throttles", async (_label, status) => {
    const { api } = await client((n) => (n === 1 ? { kind: "raw", status, body: "bad gateway" } : ok));
    const error = await api.restoreInstance({ InstanceId: "crs-1", BackupId: "b" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    // Without a Tencent answer the restore may have run: the message must not read as "nothing happened".
    expect((error as Error).message).toMatch(
      new RegExp(`HTTP ${status}.*; the request may still have reached Tencent: check the instance's tasks`),
    );
    expect(server!.requests).toHaveLength(1);
    await server!.close();
    const second = await client((n) => (n === 1 ? tencentError("RequestLimitExceeded", "slow") : ok));
    await expect(second.api.restoreInstance({ InstanceId: "crs-1", BackupId: "b" })).resolves.toMatchObject({
      TaskId: 7,
    });
  });

  /** A client of a server answering 403 with `page(request)`, as a proxy or firewall that echoes the request. */
  async function behindEchoingProxy(
    token: string,
    page: (request: { headers: Record<string, unknown>; body: string }) => string,
  ) {
    server = await startFakeServer((_n, _action, request) => ({
      kind: "raw",
      status: 403,
      body: page(request),
    }));
    const connection = await resolveConnection({
      region: "ap-guangzhou",
      endpoint: server.url,
      credentials: { ...credentials, token },
      env: {},
    });
    return createV3Client(connection);
  }

  it("never quotes a secret that a proxy's error page echoes back", async () => {
    const token = "canary-token-5f1e";
    const password = "canary-password-77aa";
    const api = await behindEchoingProxy(
      token,
      (r) => `blocked: token ${String(r.headers["x-tc-token"])} body ${r.body}`,
    );
    const error = await api
      .restoreInstance({ InstanceId: "crs-1", BackupId: "b", Password: password })
      .catch((e: unknown) => e as Error);
    expect(error.message).toMatch(/HTTP 403: blocked: token \*\*\* body .*"Password":"\*\*\*"/);
    expect(error.message).not.toContain(token);
    expect(error.message).not.toContain(password);
  });

  it("redacts a secret before cutting the quoted page short, so no part of one straddling the cut shows", async () => {
    const token = `canary-token-${"t".repeat(60)}`;
    const api = await behindEchoingProxy(
      token,
      (r) => `${"x".repeat(170)}${String(r.headers["x-tc-token"])}`,
    );
    const error = await api.describeTaskInfo({ TaskId: 1 }).catch((e: unknown) => e as Error);
    expect(error.message).toContain("***");
    expect(error.message).not.toContain("canary-token");
  });

  it("a restore answered with a body we cannot read says it may have run, and is not retried", async () => {
    const { api } = await client(() => ({ kind: "raw", status: 200, body: "<html>" }));
    const error = await api.restoreInstance({ InstanceId: "crs-1", BackupId: "b" }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("MalformedResponse");
    expect((error as Error).message).toMatch(
      /; the request may still have reached Tencent: check the instance's tasks/,
    );
    expect(server!.requests).toHaveLength(1);
  });

  it("a restore Tencent refused says nothing more: it did not run", async () => {
    const { api } = await client(() => tencentError("FailedOperation.PasswordError", "wrong password"));
    const error = await api.restoreInstance({ InstanceId: "crs-1", BackupId: "b" }).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain("may still have reached");
  });

  it("retries a listing page whose body fails the caller's check, within one budget", async () => {
    const { api, events } = await client((n) =>
      n < 3
        ? { kind: "json", body: { Response: { RequestId: "bad" } } }
        : { kind: "json", body: { Response: { TotalCount: 0, RequestId: "good" } } },
    );
    const accept = (response: Record<string, unknown>) => {
      if (typeof response["TotalCount"] !== "number")
        throw new ApiError("no TotalCount", "MalformedResponse", undefined, true);
      return response["TotalCount"];
    };
    await expect(
      api.describeInstanceBackups({ InstanceId: "crs-1", Limit: 100, Offset: 0 }, accept),
    ).resolves.toBe(0);
    expect(server!.requests).toHaveLength(3);
    expect(events.filter((e) => e.kind === "retry")).toHaveLength(2);
  });

  it("reaches a loopback endpoint even when http_proxy points nowhere", async () => {
    const saved = process.env["http_proxy"];
    process.env["http_proxy"] = "http://127.0.0.1:9";
    try {
      const { api } = await client(() => ok, { retryBudgetMs: 1 });
      await expect(api.describeTaskInfo({ TaskId: 7 })).resolves.toMatchObject({ TaskId: 7 });
    } finally {
      if (saved === undefined) delete process.env["http_proxy"];
      else process.env["http_proxy"] = saved;
    }
  });

  it("sends a TC3 signature with the configured SecretId and the token header", async () => {
    const { api } = await client(() => ok, { credentials: { ...credentials, token: "session-token" } });
    await api.describeTaskInfo({ TaskId: 7 });
    const headers = server!.requests[0]!.headers;
    expect(headers["authorization"]).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDEMULATOR00000000\//);
    expect(headers["x-tc-token"]).toBe("session-token");
    expect(headers["x-tc-action"]).toBe("DescribeTaskInfo");
  });
});
