/**
 * One HTTP/1.1 exchange over a fresh node:net (or node:tls) connection: the request goes out with
 * `Connection: close` and a Content-Length, the response is read until it is complete or the server closes.
 * https endpoints go through the endpoint's proxy when it has one (a CONNECT tunnel, TLS end to end; proxy.ts).
 * Why not node:http: the resolver makes one or two requests per process, and loading and warming node:http costs
 * about 7 ms of a ~40 ms budget (issue 6). TLS loads only for https endpoints, with certificate verification on.
 * Failures carry `httpCode` or a network description for `toApiError`.
 */
import * as net from "node:net";
import type * as tls from "node:tls";
import type { ResolvedEndpoint } from "./endpoint";
import { HttpResponseReader } from "./http-response-reader";
import type { HttpProxy } from "./proxy";

/** A response: status and raw body. */
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/** A request to send. */
export interface HttpRequest {
  readonly method: "GET" | "POST";
  /** Path and query, e.g. `/` or `/v2/index.php?...`. */
  readonly path: string;
  /** Sent as given (names and values); `Host` defaults to the endpoint's host when absent. */
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** The read buffer of plain TCP connections. */
const READ_BUFFER_BYTES = 64 * 1024;
/** How long a released connection may stay open before it is destroyed (see `release`). */
const RELEASE_GRACE_MS = 1_000;

/** Headers the transport owns: a caller's copy would contradict the framing it sends. */
const FRAMING_HEADERS = new Set(["connection", "content-length", "transfer-encoding"]);

/**
 * The request's bytes: request line, the caller's headers, then framing headers and the body. The head is
 * printable ASCII (checked), so the whole request is one UTF-8 string encoded once.
 */
function serializeRequest(endpoint: ResolvedEndpoint, request: HttpRequest): Buffer {
  if (!/^\/[\x21-\x7e]*$/.test(request.path)) throw new Error("invalid request path");
  const body = request.body ?? "";
  const lines = [`${request.method} ${request.path} HTTP/1.1`];
  let hasHost = false;
  for (const [name, value] of Object.entries(request.headers)) {
    // A CR or LF in a header would let a value inject headers of its own; other bytes have no place there either.
    if (!/^[!#-'*+.0-9A-Z^-z|~-]+$/.test(name) || /[^\t\x20-\x7e]/.test(value)) {
      throw new Error(`invalid header ${name}`);
    }
    const lower = name.toLowerCase();
    if (FRAMING_HEADERS.has(lower)) continue;
    hasHost ||= lower === "host";
    lines.push(`${name}: ${value}`);
  }
  if (!hasHost) lines.push(`Host: ${endpoint.host}`);
  lines.push("Connection: close");
  if (request.body !== undefined || request.method === "POST") {
    lines.push(`Content-Length: ${Buffer.byteLength(body, "utf8")}`);
  }
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`, "utf8");
}

/** Receives the response's bytes as they arrive; each chunk is the receiver's to keep. */
type ChunkReceiver = (chunk: Buffer) => void;

/**
 * Opens the connection: plain TCP, or TLS (SNI, default verifying checks) directly or inside a tunnel. Plain TCP
 * reads into one buffer (net's `onread`), skipping the readable stream's buffering and flowing machinery, about
 * 1 ms of a plan-time lookup; TLS sockets deliver `data` events.
 */
function connect(endpoint: ResolvedEndpoint, receive: ChunkReceiver, tunnel?: net.Socket): net.Socket {
  const host = endpoint.hostname.replace(/^\[|\]$/g, "");
  if (endpoint.protocol === "http://") {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const callback = (length: number) => {
      receive(Buffer.from(buffer.subarray(0, length))); // a copy: the buffer takes the next read
      return true; // keep reading
    };
    return net.connect({ host, port: endpoint.port ?? 80, onread: { buffer, callback } });
  }
  const tlsModule: typeof tls = require("node:tls");
  // SNI takes names only: Node warns (DEP0123) when servername is an IP address.
  const servername = net.isIP(host) === 0 ? host : undefined;
  // Inside a tunnel, `host` still names the server whose certificate is checked.
  const socket = tunnel
    ? tlsModule.connect({ socket: tunnel, host, servername })
    : tlsModule.connect({ host, port: endpoint.port ?? 443, servername });
  return socket.on("data", receive);
}

/** Longest CONNECT answer head accepted from a proxy. */
const MAX_PROXY_HEAD_BYTES = 16 * 1024;

function proxyError(proxy: HttpProxy, what: string, httpCode?: number): Error {
  const error = new Error(`proxy ${proxy.hostname}:${proxy.port} ${what}`);
  return Object.assign(error, { code: "ERR_PROXY" }, httpCode === undefined ? {} : { httpCode });
}

/**
 * Opens a CONNECT tunnel (RFC 9110, section 9.3.6) to the endpoint through its proxy and resolves with the raw
 * socket, paused, for TLS to take over. A 4xx answer (407: credentials) carries `httpCode`, so it is not retried.
 */
function openTunnel(endpoint: ResolvedEndpoint, proxy: HttpProxy, timeoutMs: number): Promise<net.Socket> {
  const authority = `${endpoint.hostname}:${endpoint.port ?? 443}`;
  const auth = proxy.authorization ? [`Proxy-Authorization: ${proxy.authorization}`] : [];
  const head = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, ...auth, "", ""].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: proxy.hostname, port: proxy.port });
    let received = Buffer.alloc(0);
    const stop = () => {
      socket.off("data", onData);
      socket.off("error", fail);
      socket.off("close", onClose);
      socket.setTimeout(0);
    };
    function fail(error: Error) {
      stop();
      socket.destroy();
      reject(error);
    }
    function onClose() {
      fail(proxyError(proxy, "closed the connection before the tunnel was up"));
    }
    function onData(chunk: Buffer) {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) {
        if (received.length > MAX_PROXY_HEAD_BYTES)
          fail(proxyError(proxy, "answered CONNECT with an endless head"));
        return;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received.toString("latin1"))?.[1] ?? 0);
      if (status < 200 || status > 299) {
        const answer = status ? `HTTP ${status}` : "no HTTP status line";
        fail(proxyError(proxy, `refused the tunnel to ${authority} (${answer})`, status || undefined));
      } else if (end + 4 !== received.length) {
        fail(proxyError(proxy, "sent data before the tunnel was up"));
      } else {
        stop();
        socket.pause();
        resolve(socket);
      }
    }
    socket.setTimeout(timeoutMs, () => fail(timeoutError(timeoutMs)));
    socket.on("data", onData);
    socket.on("error", fail);
    socket.on("close", onClose);
    socket.write(head);
  });
}

function timeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`request timeout after ${timeoutMs} ms`), { name: "TimeoutError" });
}

/** Sends one request; rejects on network errors and timeouts (the caller maps them to ApiError). */
export async function sendHttp(endpoint: ResolvedEndpoint, request: HttpRequest): Promise<HttpResponse> {
  const bytes = serializeRequest(endpoint, request);
  const tunnel = endpoint.proxy ? await openTunnel(endpoint, endpoint.proxy, request.timeoutMs) : undefined;
  return exchange((receive) => connect(endpoint, receive, tunnel), bytes, request.timeoutMs);
}

/**
 * Lets go of a finished exchange's connection without making a short-lived process pay for closing it: node:net's
 * destroy() reads `process.stderr`, which creates that stream, about 1 ms of a plan-time lookup. The socket stops
 * keeping the process alive; the server's close (we sent `Connection: close`) ends it as usual, and a timer
 * destroys it should the server keep it open. A process with nothing left to do exits first, and the OS closes
 * the connection.
 */
function release(socket: net.Socket): void {
  socket.unref();
  const grace = setTimeout(() => socket.destroy(), RELEASE_GRACE_MS).unref();
  // Cleared on close: otherwise the timer would hold the socket and its buffers for the whole grace period.
  socket.once("close", () => clearTimeout(grace));
}

/**
 * Writes the request and reads the response; the socket is released after a response, destroyed after a failure.
 * `timeoutMs` bounds the whole exchange (connecting, TLS, sending, reading): unlike socket.setTimeout, an idle
 * timeout that every byte restarts, a server that trickles its answer cannot stretch it.
 */
function exchange(
  open: (receive: ChunkReceiver) => net.Socket,
  bytes: Buffer,
  timeoutMs: number,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const reader = new HttpResponseReader(MAX_BODY_BYTES);
    let settled = false;
    const settle = (error: unknown, response?: { status: number; body: Buffer }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (response) {
        release(socket);
        resolve({ status: response.status, body: response.body.toString("utf8") });
      } else {
        socket.destroy();
        reject(error);
      }
    };
    const read = (step: () => { status: number; body: Buffer } | undefined) => {
      if (settled) return;
      try {
        const response = step();
        if (response) settle(undefined, response);
      } catch (error) {
        settle(error);
      }
    };
    const socket = open((chunk) => read(() => reader.feed(chunk)));
    const deadline = setTimeout(() => settle(timeoutError(timeoutMs)), timeoutMs);
    socket.on("end", () => read(() => reader.end()));
    socket.on("error", (error) => settle(error));
    socket.on("close", () =>
      settle(
        Object.assign(new Error("connection closed before the response was complete"), {
          code: "ECONNRESET",
        }),
      ),
    );
    socket.write(bytes);
  });
}
