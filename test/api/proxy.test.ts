import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { parseEndpoint, type ResolvedEndpoint, resolveEndpoint } from "../../src/api/endpoint";
import { toApiError } from "../../src/api/errors";
import { sendHttp } from "../../src/api/http-transport";
import { bypassesProxy, proxyFor } from "../../src/api/proxy";
import { InvalidInputError } from "../../src/backups/errors";
import { demoWeekSeed, type RunningEmulator, startEmulator } from "../../src/emulator";
import { ensureBundled } from "../support/assets";
import { emulatorEnv } from "../support/emulator-env";

const TENCENT = parseEndpoint("https://redis.tencentcloudapi.com");

describe("which requests use a proxy (Go's net/http rules, as the Terraform provider)", () => {
  it("uses HTTPS_PROXY (else https_proxy) for https endpoints, with a scheme-less value read as http", () => {
    expect(proxyFor(TENCENT, { HTTPS_PROXY: "http://proxy.corp:3128" })).toEqual({
      hostname: "proxy.corp",
      port: 3128,
      authorization: undefined,
    });
    expect(proxyFor(TENCENT, { https_proxy: "proxy.corp:8080" })).toMatchObject({ port: 8080 });
    expect(proxyFor(TENCENT, { HTTPS_PROXY: "http://upper:1", https_proxy: "http://lower:2" })).toMatchObject(
      {
        hostname: "upper",
      },
    );
    expect(proxyFor(TENCENT, { HTTPS_PROXY: "http://proxy.corp" })).toMatchObject({ port: 80 });
    expect(proxyFor(TENCENT, {})).toBeUndefined();
  });

  it("never proxies http endpoints or loopback hosts (the emulator)", () => {
    const env = { HTTPS_PROXY: "http://proxy.corp:3128", HTTP_PROXY: "http://proxy.corp:3128" };
    expect(proxyFor(parseEndpoint("http://redis.internal:8000"), env)).toBeUndefined();
    for (const url of [
      "https://localhost:9",
      "https://127.0.0.1:9",
      "https://127.1.2.3",
      "https://[::1]:9",
    ]) {
      expect(proxyFor(parseEndpoint(url), env)).toBeUndefined();
    }
  });

  it("turns the proxy URL's user info into a Basic Proxy-Authorization, percent-decoded", () => {
    const proxy = proxyFor(TENCENT, { HTTPS_PROXY: "http://ci%40corp:p%3Ass@proxy.corp:3128" });
    expect(proxy?.authorization).toBe(`Basic ${Buffer.from("ci@corp:p:ss").toString("base64")}`);
  });

  it("refuses proxies it cannot speak, naming HTTPS_PROXY", () => {
    for (const value of ["https://proxy.corp:443", "socks5://proxy.corp:1080"]) {
      expect(() => proxyFor(TENCENT, { HTTPS_PROXY: value })).toThrow(InvalidInputError);
      expect(() => proxyFor(TENCENT, { HTTPS_PROXY: value })).toThrow(/^HTTPS_PROXY: .*only http:\/\//);
    }
  });

  it.each([
    ["*", "redis.tencentcloudapi.com", true],
    ["tencentcloudapi.com", "redis.tencentcloudapi.com", true],
    ["tencentcloudapi.com", "tencentcloudapi.com", true],
    [".tencentcloudapi.com", "redis.tencentcloudapi.com", true],
    [".tencentcloudapi.com", "tencentcloudapi.com", false],
    ["*.tencentcloudapi.com", "tencentcloudapi.com", false],
    ["cloudapi.com", "redis.tencentcloudapi.com", false],
    ["other.com, redis.tencentcloudapi.com", "redis.tencentcloudapi.com", true],
    ["REDIS.TencentCloudAPI.com", "redis.tencentcloudapi.com", true],
    ["redis.tencentcloudapi.com:443", "redis.tencentcloudapi.com", true],
    ["redis.tencentcloudapi.com:8443", "redis.tencentcloudapi.com", false],
    ["10.0.0.0/8", "10.20.30.40", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["10.1.2.3", "10.1.2.3", true],
  ])("NO_PROXY=%s for %s: bypass %s", (noProxy, host, bypass) => {
    expect(bypassesProxy(host, 443, { NO_PROXY: noProxy })).toBe(bypass);
    const endpoint = parseEndpoint(`https://${host}`);
    expect(
      proxyFor(endpoint, { HTTPS_PROXY: "http://proxy.corp:3128", no_proxy: noProxy }) === undefined,
    ).toBe(bypass);
  });

  it("attaches the proxy when the endpoint is resolved from the environment", () => {
    const env = { HTTPS_PROXY: "http://proxy.corp:3128", TENCENTCLOUD_REGION: "ap-guangzhou" };
    expect(resolveEndpoint(undefined, "ap-guangzhou", "v3", env).proxy).toMatchObject({
      hostname: "proxy.corp",
    });
    expect(resolveEndpoint("http://127.0.0.1:8000", "ap-guangzhou", "v3", env).proxy).toBeUndefined();
  });
});

/** A CONNECT proxy on loopback: records each CONNECT head, answers with `answer`, then splices to `upstream`. */
async function startProxy(
  upstream: () => number,
  answer = "HTTP/1.1 200 Connection established\r\n\r\n",
): Promise<{ port: number; heads: string[]; close(): Promise<void> }> {
  const heads: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("error", () => {});
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      client.off("data", onData);
      heads.push(head);
      if (!answer.includes(" 200 ")) {
        client.end(answer);
        return;
      }
      const target = net.connect(upstream(), "127.0.0.1", () => {
        client.write(answer);
        client.pipe(target).pipe(client);
      });
      sockets.add(target);
      target.on("error", () => client.destroy());
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    heads,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("requests through an HTTPS_PROXY CONNECT tunnel", () => {
  const HOST = "redis.proxied.test";
  let dir: string;
  let emulator: RunningEmulator;
  let tlsServer: tls.Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "crs-proxy-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${HOST}`].concat([
        "-addext",
        `subjectAltName=DNS:${HOST}`,
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ]),
      { stdio: "ignore" },
    );
    emulator = await startEmulator({ seed: demoWeekSeed(Date.now()) });
    // TLS terminates here, then plain HTTP goes on to the emulator: the server the tunnel reaches.
    const emulatorPort = Number(new URL(emulator.url).port);
    tlsServer = tls.createServer(
      { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
      (socket) => {
        const upstream = net.connect(emulatorPort, "127.0.0.1");
        socket.on("error", () => upstream.destroy());
        upstream.on("error", () => socket.destroy());
        socket.pipe(upstream).pipe(socket);
      },
    );
    tlsServer.on("tlsClientError", () => {});
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
  }, 30_000);

  afterAll(async () => {
    await new Promise((resolve) => tlsServer.close(resolve));
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tlsPort = () => (tlsServer.address() as net.AddressInfo).port;

  /** The error a POST through the endpoint's proxy fails with. */
  const failureOf = (endpoint: ResolvedEndpoint) =>
    sendHttp(endpoint, { method: "POST", path: "/", headers: {}, body: "{}", timeoutMs: 5_000 }).then(
      () => undefined,
      (e: Error) => e,
    );

  it("resolves a lookup end to end: CONNECT with Proxy-Authorization, TLS verified for the endpoint's name", async () => {
    const proxy = await startProxy(tlsPort);
    try {
      const env = emulatorEnv(`https://${HOST}:4443`, {
        HTTPS_PROXY: `http://ci:s3cret@127.0.0.1:${proxy.port}`,
        NODE_EXTRA_CA_CERTS: join(dir, "cert.pem"),
      });
      const query = JSON.stringify({ instance_id: "crs-demo0001", backup_type: "system", max_age: "7d" });
      const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>(
        (resolve) => {
          const child = execFile(process.execPath, [ensureBundled("resolver")], { env }, (error, out, err) =>
            resolve({ stdout: out, stderr: err, code: error ? Number(error.code ?? 1) : 0 }),
          );
          child.stdin?.end(query);
        },
      );
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(JSON.parse(stdout)).toMatchObject({ found: "true", backup_type: "system" });
      expect(proxy.heads[0]).toMatch(new RegExp(`^CONNECT ${HOST}:4443 HTTP/1.1\r\nHost: ${HOST}:4443\r\n`));
      expect(proxy.heads[0]).toContain(
        `Proxy-Authorization: Basic ${Buffer.from("ci:s3cret").toString("base64")}`,
      );
      expect(stdout).not.toContain("s3cret");
    } finally {
      await proxy.close();
    }
  });

  it("follows the Terraform provider's TENCENTCLOUD_DOMAIN when no endpoint is given: redis.<domain>:443", async () => {
    const proxy = await startProxy(tlsPort);
    try {
      const { TENCENTCLOUD_REDIS_ENDPOINT: _none, ...env } = emulatorEnv("unused", {
        TENCENTCLOUD_DOMAIN: "proxied.test",
        HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`,
        NODE_EXTRA_CA_CERTS: join(dir, "cert.pem"),
      });
      const query = JSON.stringify({ instance_id: "crs-demo0001", backup_type: "system", max_age: "7d" });
      const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>(
        (resolve) => {
          const child = execFile(process.execPath, [ensureBundled("resolver")], { env }, (error, out, err) =>
            resolve({ stdout: out, stderr: err, code: error ? Number(error.code ?? 1) : 0 }),
          );
          child.stdin?.end(query);
        },
      );
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(JSON.parse(stdout)).toMatchObject({ found: "true", backup_type: "system" });
      expect(proxy.heads[0]).toMatch(new RegExp(`^CONNECT ${HOST}:443 HTTP/1.1\r\n`));
    } finally {
      await proxy.close();
    }
  });

  it("still verifies the certificate inside the tunnel (an untrusted one is refused)", async () => {
    const proxy = await startProxy(tlsPort);
    try {
      const endpoint = {
        ...parseEndpoint(`https://${HOST}`),
        proxy: { hostname: "127.0.0.1", port: proxy.port },
      };
      const error = await failureOf(endpoint);
      expect(error).toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    } finally {
      await proxy.close();
    }
  });

  it("fails at once on a 407 from the proxy (not retried), without the proxy's credentials in the message", async () => {
    const proxy = await startProxy(
      tlsPort,
      "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
    );
    try {
      const endpoint = {
        ...parseEndpoint(`https://${HOST}`),
        proxy: { hostname: "127.0.0.1", port: proxy.port, authorization: "Basic c2VjcmV0OnNlY3JldA==" },
      };
      const error = await failureOf(endpoint);
      expect(error).toMatchObject({ httpCode: 407 });
      const apiError = toApiError(error, "DescribeInstanceBackups");
      expect(apiError).toMatchObject({ retryable: false });
      expect(apiError.message).toMatch(
        /HTTP 407: proxy 127\.0\.0\.1:\d+ refused the tunnel to redis\.proxied\.test:443/,
      );
      expect(apiError.message).not.toContain("c2VjcmV0");
    } finally {
      await proxy.close();
    }
  });
});
