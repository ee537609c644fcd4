/**
 * One HTTP exchange over node:http(s) with an explicit keep-alive agent (never a proxy), a per-request timeout
 * and a body size cap. Failures carry `httpCode` or a network description for `toApiError`.
 */
import * as http from "node:http";
import { agentFor, httpsModule } from "./agent";
import type { ResolvedEndpoint } from "./endpoint";

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
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Sends one request; rejects on network errors and timeouts (the caller maps them to ApiError). */
export function sendHttp(endpoint: ResolvedEndpoint, request: HttpRequest): Promise<HttpResponse> {
  const transport = endpoint.protocol === "http://" ? http : httpsModule();
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        protocol: endpoint.protocol === "http://" ? "http:" : "https:",
        hostname: endpoint.hostname.replace(/^\[|\]$/g, ""),
        port: endpoint.port,
        servername: endpoint.hostname,
        method: request.method,
        path: request.path,
        headers:
          request.body === undefined
            ? request.headers
            : { ...request.headers, "Content-Length": String(Buffer.byteLength(request.body)) },
        agent: agentFor(endpoint.protocol),
        timeout: request.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error("response body larger than 16 MB"));
          else chunks.push(chunk);
        });
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("connection closed mid-response")));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("timeout", () =>
      req.destroy(
        Object.assign(new Error(`request timeout after ${request.timeoutMs} ms`), { name: "TimeoutError" }),
      ),
    );
    req.on("error", reject);
    req.end(request.body);
  });
}
