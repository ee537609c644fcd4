import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { parseEndpoint } from "../../src/api/endpoint";
import { type HttpRequest, sendHttp } from "../../src/api/http-transport";

/** Every server a test starts; afterEach closes them and their connections. */
const servers: (http.Server | net.Server)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    if (server instanceof http.Server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen<T extends http.Server | net.Server>(server: T): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A node:http server; `handle` answers each request (its body already read). */
async function httpServer(
  handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  return `http://${await listen(server)}`;
}

/** A raw TCP server that writes `reply` (then closes unless `keepOpen`) once the request head has arrived. */
async function rawServer(reply: Buffer | string, keepOpen = false): Promise<string> {
  const server = net.createServer((socket) => {
    let seen = "";
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      seen += chunk.toString("latin1");
      if (!seen.includes("\r\n\r\n")) return;
      if (keepOpen) socket.write(reply);
      else socket.end(reply);
    });
  });
  return `http://${await listen(server)}`;
}

const POST: HttpRequest = {
  method: "POST",
  path: "/",
  headers: { Host: "redis.tencentcloudapi.com", "Content-Type": "application/json" },
  body: '{"Limit":100}',
  timeoutMs: 2_000,
};

describe("sendHttp", () => {
  it("sends the request as given and reads a Content-Length body", async () => {
    let seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    const url = await httpServer((req, body, res) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"Response":{"RequestId":"r-1"}}');
    });
    const response = await sendHttp(parseEndpoint(url), { ...POST, path: "/?x=1" });
    expect(response).toEqual({ status: 200, body: '{"Response":{"RequestId":"r-1"}}' });
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/?x=1");
    expect(seen.body).toBe('{"Limit":100}');
    expect(seen.headers?.["content-length"]).toBe("13");
    expect(seen.headers?.["content-type"]).toBe("application/json");
    expect(seen.headers?.connection).toBe("close");
  });

  it("keeps the Host header exactly as the caller passes it (no port added)", async () => {
    const hosts: (string | undefined)[] = [];
    const url = await httpServer((req, _body, res) => {
      hosts.push(req.headers.host);
      res.end("ok");
    });
    const endpoint = parseEndpoint(url);
    await sendHttp(endpoint, POST);
    await sendHttp(endpoint, { ...POST, headers: { Host: endpoint.hostname } });
    await sendHttp(endpoint, { method: "GET", path: "/", headers: {}, timeoutMs: 2_000 });
    expect(hosts).toEqual(["redis.tencentcloudapi.com", "127.0.0.1", endpoint.host]);
  });

  it("counts Content-Length in bytes, not characters", async () => {
    let received = "";
    const url = await httpServer((req, body, res) => {
      received = `${req.headers["content-length"]} ${body}`;
      res.end("ok");
    });
    await sendHttp(parseEndpoint(url), { ...POST, body: '{"Remark":"备份"}' });
    expect(received).toBe(`${Buffer.byteLength('{"Remark":"备份"}')} {"Remark":"备份"}`);
  });

  it("decodes a chunked body, multi-byte characters split across chunks included", async () => {
    const text = `{"Remark":"${"每日备份".repeat(50)}"}`;
    const bytes = Buffer.from(text, "utf8");
    const url = await httpServer((_req, _body, res) => {
      // No Content-Length: node:http sends chunked; the split lands inside a 3-byte character.
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write(bytes.subarray(0, 14));
      setTimeout(() => res.end(bytes.subarray(14)), 5);
    });
    const response = await sendHttp(parseEndpoint(url), POST);
    expect(response).toEqual({ status: 200, body: text });
  });

  it("reads large bodies in both framings, and refuses bodies over 16 MB", async () => {
    const big = "x".repeat(5 * 1024 * 1024);
    const url = await httpServer((req, _body, res) => {
      if (req.url === "/length") res.writeHead(200, { "Content-Length": String(big.length) }).end(big);
      else if (req.url === "/chunked") {
        for (let i = 0; i < 5; i++) res.write(big.slice(i * 1024 * 1024, (i + 1) * 1024 * 1024));
        res.end();
      } else {
        res.writeHead(200);
        for (let i = 0; i < 17; i++) res.write(Buffer.alloc(1024 * 1024, 0x61));
        res.end();
      }
    });
    const endpoint = parseEndpoint(url);
    const get = (path: string) => sendHttp(endpoint, { method: "GET", path, headers: {}, timeoutMs: 5_000 });
    expect((await get("/length")).body).toBe(big);
    expect((await get("/chunked")).body).toBe(big);
    await expect(get("/too-big")).rejects.toThrow("response body larger than 16 MB");
  });

  it("refuses a declared Content-Length over 16 MB before reading the body", async () => {
    const url = await rawServer("HTTP/1.1 200 OK\r\nContent-Length: 17000000\r\n\r\n{", true);
    await expect(sendHttp(parseEndpoint(url), POST)).rejects.toThrow("larger than 16 MB");
  });

  it("returns an HTTP 500 as a response, with its body", async () => {
    const url = await httpServer((_req, _body, res) => res.writeHead(500).end("upstream broke"));
    expect(await sendHttp(parseEndpoint(url), POST)).toEqual({ status: 500, body: "upstream broke" });
  });

  it("reads header names case-insensitively and a body delimited by the close", async () => {
    const url = await rawServer("HTTP/1.1 200 OK\r\ncOnTeNt-LeNgTh: 5\r\n\r\nhello-ignored-extra");
    expect(await sendHttp(parseEndpoint(url), POST)).toEqual({ status: 200, body: "hello" });
    const closeDelimited = await rawServer("HTTP/1.0 200 OK\r\nX-A: b\r\n\r\nuntil close");
    expect(await sendHttp(parseEndpoint(closeDelimited), POST)).toEqual({ status: 200, body: "until close" });
  });

  it("skips an interim 100 Continue", async () => {
    const url = await rawServer(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
    );
    expect(await sendHttp(parseEndpoint(url), POST)).toEqual({ status: 201, body: "ok" });
  });

  it("rejects a malformed status line or header", async () => {
    const garbage = await rawServer("SSH-2.0-OpenSSH_9.6\r\n\r\n");
    await expect(sendHttp(parseEndpoint(garbage), POST)).rejects.toMatchObject({
      message: expect.stringContaining("malformed HTTP response: bad status line"),
      code: "ERR_MALFORMED_RESPONSE",
    });
    const badHeader = await rawServer("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
    await expect(sendHttp(parseEndpoint(badHeader), POST)).rejects.toThrow("bad header line");
    const badChunk = await rawServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    await expect(sendHttp(parseEndpoint(badChunk), POST)).rejects.toThrow("bad chunk size");
  });

  it("rejects a response cut short, whatever its framing", async () => {
    const cases = [
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"Response":',
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
      "HTTP/1.1 200 OK\r\nContent-Le",
      "",
    ];
    for (const reply of cases) {
      const url = await rawServer(reply);
      await expect(sendHttp(parseEndpoint(url), POST)).rejects.toMatchObject({
        message: expect.stringMatching(/^connection closed (mid-response|before the response was complete)$/),
        code: "ECONNRESET",
      });
    }
  });

  it("rejects on a connection reset and on a refused connection", async () => {
    const server = net.createServer((socket) => socket.resetAndDestroy());
    const url = `http://${await listen(server)}`;
    await expect(sendHttp(parseEndpoint(url), POST)).rejects.toMatchObject({ code: "ECONNRESET" });
    const unused = net.createServer();
    const port = Number((await listen(unused)).split(":")[1]);
    await new Promise((resolve) => unused.close(resolve));
    servers.splice(servers.indexOf(unused), 1);
    await expect(sendHttp(parseEndpoint(`http://127.0.0.1:${port}`), POST)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
  });

  it("times out on a server that never answers, with a TimeoutError", async () => {
    const url = await httpServer(() => {}); // reads the request, never replies
    const started = Date.now();
    const error = await sendHttp(parseEndpoint(url), { ...POST, timeoutMs: 150 }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "TimeoutError", message: "request timeout after 150 ms" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out on a server that trickles its answer: the timeout bounds the whole exchange", async () => {
    const server = net.createServer((socket) => {
      socket.on("error", () => {});
      socket.once("data", () => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
        // A byte every 20 ms, well within any idle timeout, for at most 3 s (the test's bound, plus some).
        let drips = 0;
        const drip = setInterval(() => (++drips > 150 ? socket.destroy() : socket.write("x")), 20);
        socket.on("close", () => clearInterval(drip));
      });
    });
    const url = `http://${await listen(server)}`;
    const started = Date.now();
    const error = await sendHttp(parseEndpoint(url), { ...POST, timeoutMs: 300 }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "TimeoutError", message: "request timeout after 300 ms" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("closes the connection after a response, also when the server keeps it open despite Connection: close", async () => {
    const closed: Promise<number>[] = [];
    const server = net.createServer((socket) => {
      const started = Date.now();
      closed.push(new Promise((resolve) => socket.on("close", () => resolve(Date.now() - started))));
      socket.on("error", () => {});
      socket.once("data", () => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
    });
    const endpoint = parseEndpoint(`http://${await listen(server)}`);
    await expect(sendHttp(endpoint, POST)).resolves.toEqual({ status: 200, body: "{}" });
    // Released at once, destroyed within the grace period (1 s), so a long-lived process never leaks it.
    expect(await closed[0]).toBeLessThan(5_000);
  });

  it("refuses header values that would inject headers", async () => {
    const url = await httpServer((_req, _body, res) => res.end("ok"));
    await expect(
      sendHttp(parseEndpoint(url), { ...POST, headers: { "X-A": "1\r\nX-Injected: 2" } }),
    ).rejects.toThrow("invalid header X-A");
    for (const headers of [
      { "X-A": "caf\u00e9" } as Record<string, string>,
      { "X-\u00c4": "1" },
      { "X A": "1" },
      { "": "1" },
    ]) {
      await expect(sendHttp(parseEndpoint(url), { ...POST, headers })).rejects.toThrow(/^invalid header/);
    }
    await expect(sendHttp(parseEndpoint(url), { ...POST, path: "/a b" })).rejects.toThrow(
      "invalid request path",
    );
  });
});

describe("sendHttp over TLS", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "crs-tls-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"].concat([
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ]),
      { stdio: "ignore" },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sends the hostname as SNI and verifies the certificate (a self-signed one is refused)", async () => {
    const names: string[] = [];
    const context = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
    const server = tls.createServer(
      {
        ...context,
        SNICallback: (name, done) => {
          names.push(name);
          done(null, tls.createSecureContext(context));
        },
      },
      (socket) => socket.end("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
    );
    server.on("tlsClientError", () => {});
    const port = (await listen(server)).split(":")[1];
    const error = await sendHttp(parseEndpoint(`https://localhost:${port}`), POST).catch((e: Error) => e);
    expect(error).toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(names).toEqual(["localhost"]);
  });
});
