/**
 * The emulator's HTTP server: API 3.0 at `POST /`, legacy 2.0 at `GET /v2/index.php`. Signatures checked,
 * documented limits enforced, optional rate limit, injectable faults, a secret-free request log.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { EmulatorApiError } from "./api-error";
import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY, type EmulatorCredentials } from "./credentials";
import { ERROR_FAULTS, type Fault, FaultBook, LISTING_FAULTS, TASK_FAULTS, TRANSPORT_FAULTS } from "./faults";
import { verifyLegacy } from "./legacy-verify";
import { describeInstanceBackups, getRedisBackupList } from "./listing";
import { corruptListing } from "./listing-faults";
import * as operations from "./operations";
import type { EmulatorSeed, V3Row } from "./seed";
import { EmulatorState, type InstanceState, type TaskEnding } from "./state";
import { verifyTc3 } from "./tc3-verify";

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  readonly seed?: EmulatorSeed;
  /** @default EMULATOR_SECRET_ID / EMULATOR_SECRET_KEY */
  readonly credentials?: EmulatorCredentials;
  /** Requests per second per action (sliding one-second window) before RequestLimitExceeded. @default none */
  readonly rateLimit?: number;
  /** How long restore and backup tasks run before they succeed. @default 300 */
  readonly taskDurationMs?: number;
  /** The emulator's clock. @default Date.now */
  readonly now?: () => number;
}

/** One logged request: never a secret (no SecretKey, Signature, Password or token). */
export interface LoggedRequest {
  readonly dialect: "v3" | "legacy";
  readonly action: string;
  readonly httpStatus: number;
  readonly errorCode?: string;
  readonly params: Record<string, unknown>;
}

/** A running emulator. */
export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  readonly secretId: string;
  readonly requestLog: readonly LoggedRequest[];
  addBackup(instanceId: string, row: V3Row): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Read-only view of an instance's state, for assertions. */
  instance(instanceId: string): Readonly<InstanceState> | undefined;
  close(): Promise<void>;
}

const SECRET_PARAMS = /^(Password|SecretKey|Signature|Token|SecretId)$/i;

function secretFree(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !SECRET_PARAMS.test(key)));
}

const V3_ACTIONS: Record<
  string,
  (params: Record<string, unknown>, ctx: operations.OperationContext) => object
> = {
  RestoreInstance: operations.restoreInstance,
  CloneInstances: operations.cloneInstances,
  ManualBackupInstance: operations.manualBackupInstance,
  DescribeTaskInfo: operations.describeTaskInfo,
  DescribeInstances: operations.describeInstances,
};

class Emulator {
  readonly state: EmulatorState;
  readonly faults = new FaultBook();
  readonly log: LoggedRequest[] = [];
  private readonly credentials: EmulatorCredentials;
  private readonly now: () => number;
  private readonly recent = new Map<string, number[]>();
  private readonly lastTotals = new Map<string, number>();

  constructor(private readonly options: EmulatorOptions) {
    this.state = new EmulatorState(options.seed);
    this.credentials = options.credentials ?? {
      secretId: EMULATOR_SECRET_ID,
      secretKey: EMULATOR_SECRET_KEY,
    };
    this.now = options.now ?? Date.now;
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://emulator");
    if (req.method === "GET" && url.pathname === "/v2/index.php") return this.legacy(req, url, res);
    if (req.method === "POST" && url.pathname === "/") return this.v3(req, body, res);
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  }

  private rateLimited(action: string): boolean {
    const limit = this.options.rateLimit;
    if (!limit) return false;
    const now = this.now();
    const times = (this.recent.get(action) ?? []).filter((t) => now - t < 1000);
    const limited = times.length >= limit;
    if (!limited) times.push(now);
    this.recent.set(action, times);
    return limited;
  }

  private nextEnding = (): TaskEnding => {
    const fault = this.faults.take("task", TASK_FAULTS);
    return fault?.kind === "taskFailed" ? "failed" : fault?.kind === "taskHangs" ? "hang" : "succeed";
  };

  private async v3(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const action = String(req.headers["x-tc-action"] ?? "");
    let params: Record<string, unknown> = {};
    const answer = (payload: object, errorCode?: string) => {
      this.log.push({
        dialect: "v3",
        action,
        httpStatus: 200,
        ...(errorCode ? { errorCode } : {}),
        params: secretFree(params),
      });
      return this.send(res, action, { Response: { ...payload, RequestId: requestId } });
    };
    const error = (code: string, message: string) =>
      answer({ Error: { Code: code, Message: message } }, code);
    try {
      params = JSON.parse(body.toString("utf8") || "{}");
    } catch {
      return error("InvalidParameter", "the request body is not JSON");
    }
    const auth = verifyTc3("POST", req.headers, body, this.credentials, Math.floor(this.now() / 1000));
    if (auth) return error(auth.code, auth.message);
    if (req.headers["x-tc-version"] !== "2018-04-12")
      return error("InvalidParameter", "X-TC-Version must be 2018-04-12");
    if (this.rateLimited(action)) return error("RequestLimitExceeded", "request limit exceeded");
    const transport = this.faults.take(action, TRANSPORT_FAULTS);
    if (transport)
      return this.transportFault(transport, res, action, params, () =>
        this.v3Answer(action, params, answer, error),
      );
    return this.v3Answer(action, params, answer, error);
  }

  private v3Answer(
    action: string,
    params: Record<string, unknown>,
    answer: (payload: object, code?: string) => void,
    error: (code: string, message: string) => void,
  ) {
    const injected = this.faults.take(action, Object.keys(ERROR_FAULTS) as Fault["kind"][]);
    if (injected) {
      const { code, message } = ERROR_FAULTS[injected.kind]!;
      return error(code, message);
    }
    const ctx = {
      state: this.state,
      nowMs: this.now(),
      taskDurationMs: this.options.taskDurationMs ?? 300,
      nextEnding: this.nextEnding,
    };
    try {
      if (action === "DescribeInstanceBackups") {
        const page = describeInstanceBackups(operations.instanceFor(this.state, params), params, ctx.nowMs);
        const fault = this.faults.take(action, LISTING_FAULTS);
        const key = JSON.stringify({ ...params, Offset: 0 });
        const previous = this.lastTotals.get(key);
        this.lastTotals.set(key, page.TotalCount);
        return answer(fault ? corruptListing(fault.kind, page, previous) : page);
      }
      const handler = V3_ACTIONS[action];
      if (!handler) return error("InvalidAction", `action ${action} is not supported`);
      return answer(handler(params, ctx));
    } catch (caught) {
      if (caught instanceof EmulatorApiError) return error(caught.code, caught.message);
      throw caught;
    }
  }

  private legacy(req: http.IncomingMessage, url: URL, res: http.ServerResponse) {
    const params = Object.fromEntries(url.searchParams.entries());
    const action = params.Action ?? "";
    const reply = (payload: object, errorCode?: string) => {
      this.log.push({
        dialect: "legacy",
        action,
        httpStatus: 200,
        ...(errorCode ? { errorCode } : {}),
        params: secretFree(params),
      });
      this.send(res, action, payload);
    };
    const auth = verifyLegacy(
      String(req.headers.host ?? ""),
      url.pathname,
      params,
      this.credentials,
      Math.floor(this.now() / 1000),
    );
    if (auth) return reply({ code: 4100, message: auth.message, codeDesc: auth.code }, auth.code);
    if (action !== "GetRedisBackupList")
      return reply(
        { code: 4000, message: `unknown action ${action}`, codeDesc: "InvalidAction" },
        "InvalidAction",
      );
    if (this.rateLimited(action))
      return reply(
        { code: 4400, message: "request limit exceeded", codeDesc: "RequestLimitExceeded" },
        "RequestLimitExceeded",
      );
    const run = () => {
      const injected = this.faults.take(action, Object.keys(ERROR_FAULTS) as Fault["kind"][]);
      if (injected) {
        const { code, message } = ERROR_FAULTS[injected.kind]!;
        return reply({ code: 6000, message, codeDesc: code }, code);
      }
      const instance = this.state.instances.get(params.redisId ?? "");
      if (!instance)
        return reply(
          { code: 11201, message: "redisId does not exist", codeDesc: "InvalidParameter" },
          "InvalidParameter",
        );
      try {
        reply({
          code: 0,
          message: "",
          codeDesc: "Success",
          ...getRedisBackupList(instance, params, this.now()),
        });
      } catch (caught) {
        if (!(caught instanceof EmulatorApiError)) throw caught;
        reply({ code: 11201, message: caught.message, codeDesc: "InvalidParameter" }, "InvalidParameter");
      }
    };
    const transport = this.faults.take(action, TRANSPORT_FAULTS);
    if (transport) return this.transportFault(transport, res, action, params, run);
    run();
  }

  private send(res: http.ServerResponse, _action: string, payload: object): void {
    const text = JSON.stringify(payload);
    res
      .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
      .end(text);
  }

  private transportFault(
    fault: Fault,
    res: http.ServerResponse,
    action: string,
    params: Record<string, unknown>,
    proceed: () => void,
  ): void {
    const log = (httpStatus: number) =>
      this.log.push({
        dialect: "v3",
        action,
        httpStatus,
        errorCode: `fault:${fault.kind}`,
        params: secretFree(params),
      });
    switch (fault.kind) {
      case "http500":
        log(500);
        res.writeHead(500, { "content-type": "text/plain" }).end("internal server error\n");
        return;
      case "slow":
        setTimeout(() => (res.destroyed ? undefined : proceed()), fault.delayMs ?? 15_000).unref();
        return;
      case "hang":
        log(0);
        return; // never answered; close() destroys the socket
      case "malformed":
        log(200);
        res.writeHead(200, { "content-type": "application/json" }).end("{ this is not json");
        return;
      case "truncated":
        log(200);
        res
          .writeHead(200, { "content-type": "application/json" })
          .end('{"Response":{"TotalCount":3,"BackupSet":[{"BackupId":"');
        return;
      case "emptyBody":
        log(200);
        res.writeHead(200, { "content-type": "application/json", "content-length": 0 }).end();
        return;
      default:
        proceed();
    }
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1_048_576) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Starts the emulator on 127.0.0.1 (a free port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    emulator.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    secretId: options.credentials?.secretId ?? EMULATOR_SECRET_ID,
    requestLog: emulator.log,
    addBackup(instanceId, row) {
      const instance = emulator.state.instances.get(instanceId);
      if (!instance) throw new Error(`addBackup: no instance ${instanceId} in the seed`);
      instance.backups.push({ ...row });
    },
    injectFault: (fault) => emulator.faults.add(fault),
    clearFaults: () => emulator.faults.clear(),
    instance: (instanceId) => emulator.state.instances.get(instanceId),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
