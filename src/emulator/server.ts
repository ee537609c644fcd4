/**
 * The emulator's HTTP server: routes API 3.0 (`POST /`) and legacy 2.0 (`GET /v2/index.php`) to their dialects,
 * and owns the sockets so `close()` also ends hanging requests.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { type EmulatorCore, sendJson } from "./core";
import {
  EMULATOR_SECRET_ID,
  EMULATOR_SECRET_KEY,
  type EmulatorCredentials,
  type UnexpectedToken,
} from "./credentials";
import { type Fault, FaultBook } from "./faults";
import { serveLegacy } from "./legacy-dialect";
import { ListingFaults } from "./listing-faults";
import { RateLimit } from "./rate-limit";
import { type LoggedRequest, RequestLog } from "./request-log";
import type { EmulatorSeed, V3Row } from "./seed";
import { EmulatorState, type InstanceView, ownedBy } from "./state";
import { serveV3 } from "./v3-dialect";

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** The port to listen on. @default 0 (a free port) */
  readonly port?: number;
  /** The address to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** Instances and their backups. @default no instances */
  readonly seed?: EmulatorSeed;
  /**
   * The key pair signatures are checked against, and the temporary key's token every request must then carry.
   * @default EMULATOR_SECRET_ID / EMULATOR_SECRET_KEY, no token
   */
  readonly credentials?: EmulatorCredentials;
  /**
   * A token sent while `credentials` has none (a permanent key): "refuse" answers AuthFailure.TokenFailure, as
   * the service does; "ignore" lets it through. @default "refuse"
   */
  readonly unexpectedToken?: UnexpectedToken;
  /**
   * Also accept the official Node SDK's signatures against a local endpoint: it signs the host without the port
   * it sends and takes the endpoint's first label (`127`) as the service, which the real service never sees.
   * For tests that use the SDK as a client; this library's own clients need no such leniency.
   * @default false: signatures must be exactly as Tencent's docs describe them
   */
  readonly sdkCompatible?: boolean;
  /** Requests per second per action, shared by all clients, before RequestLimitExceeded. @default no limit */
  readonly rateLimit?: number;
  /** How long restore, clone and backup tasks run before they end. @default 300 */
  readonly taskDurationMs?: number;
  /** The clock for signature expiry, new backups and open windows (epoch ms). @default Date.now */
  readonly now?: () => number;
}

/** A running emulator. */
export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** The SecretId it accepts. */
  readonly secretId: string;
  /** Every request served, secret-free, in order. */
  readonly requestLog: readonly LoggedRequest[];
  /** Adds a backup row (as API 3.0 sends it) to a seeded instance; its `InstanceId` becomes the instance's. */
  addBackup(instanceId: string, row: V3Row): void;
  /** Injects a fault (see `Fault`). */
  injectFault(fault: Fault): void;
  /** Removes every injected fault, and ends the tasks a `taskHangs` fault left hanging (as failed). */
  clearFaults(): void;
  /** Empties `requestLog`, e.g. to count the requests of one step, or in a long-running test process. */
  clearRequestLog(): void;
  /** A read-only, password-free view of an instance (backups, restores, clones), for assertions. */
  instance(instanceId: string): InstanceView | undefined;
  /** Stops listening and destroys open sockets (hanging requests included). */
  close(): Promise<void>;
}

/** Request bodies larger than this are cut off: the API's limit with TC3-HMAC-SHA256 (10 MB). */
const MAX_BODY_BYTES = 10 * 1_048_576;
const DEFAULT_TASK_DURATION_MS = 300;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function createCore(options: EmulatorOptions): EmulatorCore {
  const faults = new FaultBook();
  const monotonic = () => performance.now();
  return {
    state: new EmulatorState(options.seed),
    faults,
    listingFaults: new ListingFaults(faults),
    log: new RequestLog(),
    rateLimit: new RateLimit(options.rateLimit, monotonic),
    credentials: options.credentials ?? { secretId: EMULATOR_SECRET_ID, secretKey: EMULATOR_SECRET_KEY },
    unexpectedToken: options.unexpectedToken ?? "refuse",
    sdkCompatible: options.sdkCompatible ?? false,
    now: options.now ?? Date.now,
    monotonic,
    taskDurationMs: options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS,
  };
}

async function route(core: EmulatorCore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? "/", "http://emulator");
  if (req.method === "POST" && url.pathname === "/") return serveV3(core, req, body, res);
  if (req.method === "GET" && url.pathname === "/v2/index.php") return serveLegacy(core, req, url, res);
  if (url.pathname === "/") {
    // Valid on the real service (GET, signature v1), but not emulated: say so the way the API answers.
    return sendJson(res, {
      Response: {
        Error: {
          Code: "UnsupportedOperation",
          Message: `the emulator serves API 3.0 as POST with TC3-HMAC-SHA256 only, not ${req.method}`,
        },
        RequestId: randomUUID(),
      },
    });
  }
  res
    .writeHead(404, { "content-type": "text/plain" })
    .end("not found: use POST / (API 3.0) or GET /v2/index.php\n");
}

function addBackup(core: EmulatorCore, instanceId: string, row: V3Row): void {
  const instance = core.state.instances.get(instanceId);
  if (!instance) throw new Error(`addBackup: no instance ${instanceId} in the seed`);
  instance.backups.push(ownedBy(instanceId, row));
}

/** Starts the emulator (on 127.0.0.1 and a free port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const core = createCore(options);
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    route(core, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    secretId: core.credentials.secretId,
    requestLog: core.log.entries,
    addBackup: (instanceId, row) => addBackup(core, instanceId, row),
    injectFault: (fault) => core.faults.add(fault),
    clearFaults: () => {
      core.faults.clear();
      core.state.endHangingTasks();
    },
    clearRequestLog: () => core.log.clear(),
    instance: (instanceId) => core.state.view(instanceId),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
