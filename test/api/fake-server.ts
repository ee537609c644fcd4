/** A tiny scripted Tencent-like server on 127.0.0.1 for error-path tests of the clients. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** What the server does with one request. */
export type FakeReply =
  | { kind: "json"; status?: number; body: unknown }
  | { kind: "raw"; status: number; body: string }
  | { kind: "hang" };

/** A running fake server. */
export interface FakeServer {
  readonly url: string;
  readonly requests: { action: string; headers: http.IncomingHttpHeaders; body: string; url: string }[];
  close(): Promise<void>;
}

/** Starts a server whose replies come from `reply(n, action)` (n counts from 1). */
export async function startFakeServer(
  reply: (
    n: number,
    action: string,
    request: { body: string; url: string; headers: http.IncomingHttpHeaders },
  ) => FakeReply,
): Promise<FakeServer> {
  const requests: FakeServer["requests"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const action = String(
        req.headers["x-tc-action"] ?? new URL(req.url ?? "/", "http://x").searchParams.get("Action"),
      );
      requests.push({
        action,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        url: req.url ?? "",
      });
      const r = reply(requests.length, action, {
        body: Buffer.concat(chunks).toString(),
        url: req.url ?? "",
        headers: req.headers,
      });
      if (r.kind === "hang") return;
      if (r.kind === "raw") {
        res.writeHead(r.status, { "content-type": "application/json" }).end(r.body);
        return;
      }
      res.writeHead(r.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A Tencent 3.0 error body. */
export function tencentError(code: string, message: string, requestId = "req-1"): FakeReply {
  return {
    kind: "json",
    body: { Response: { Error: { Code: code, Message: message }, RequestId: requestId } },
  };
}
