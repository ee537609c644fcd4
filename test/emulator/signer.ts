/**
 * Requests signed by hand, written from Tencent's public documents (not from the emulator's code), so the
 * emulator's verification is checked against the documents themselves.
 */
import { createHash, createHmac } from "node:crypto";
import * as http from "node:http";
import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY } from "../../src/emulator";

/** A raw HTTP answer. */
export interface RawAnswer {
  readonly status: number;
  readonly text: string;
}

/** Options of a hand-signed API 3.0 request; every field overrides what a correct client would send. */
export interface Tc3Options {
  /** The X-TC-Action sent; null sends none. @default "DescribeInstanceBackups" */
  readonly action?: string | null;
  readonly body?: string;
  /** The body actually sent when it differs from the one signed (tampering). */
  readonly sentBody?: string;
  readonly secretId?: string;
  readonly secretKey?: string;
  readonly timestamp?: number;
  readonly date?: string;
  readonly service?: string;
  /** The Host header sent. @default the emulator's host without the port */
  readonly hostHeader?: string;
  /** The host value signed. @default the Host header */
  readonly signedHost?: string;
  /** The X-TC-Action value signed (when signed). @default the one sent */
  readonly signedAction?: string;
  readonly signedHeaders?: string;
  readonly contentType?: string;
  readonly version?: string | null;
  readonly region?: string | null;
  /** The X-TC-Token sent (unsigned, as the SDK sends it). @default none */
  readonly token?: string;
  readonly timeoutMs?: number;
}

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** One HTTP exchange with the emulator; resolves with the status and body text. */
export function exchange(
  url: string,
  request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  },
): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
        timeout: request.timeoutMs ?? 5_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.on("error", reject);
    req.end(request.body);
  });
}

/**
 * An API 3.0 request signed per "Signature v3" of the public doc: canonical request, string to sign, derived
 * key. By default: service "redis", the Host header WITHOUT the port, signed the same.
 */
export function tc3Request(url: string, params: object, options: Tc3Options = {}): Promise<RawAnswer> {
  const body = options.body ?? JSON.stringify(params);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const date = options.date ?? new Date(timestamp * 1000).toISOString().slice(0, 10);
  const service = options.service ?? "redis";
  const hostHeader = options.hostHeader ?? new URL(url).hostname;
  const contentType = options.contentType ?? "application/json; charset=utf-8";
  const signedHeaders = options.signedHeaders ?? "content-type;host";
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    Host: hostHeader,
    "X-TC-Timestamp": String(timestamp),
  };
  if (options.action !== null) headers["X-TC-Action"] = options.action ?? "DescribeInstanceBackups";
  if (options.token !== undefined) headers["X-TC-Token"] = options.token;
  if (options.version !== null) headers["X-TC-Version"] = options.version ?? "2018-04-12";
  if (options.region !== null) headers["X-TC-Region"] = options.region ?? "ap-guangzhou";
  const values: Record<string, string> = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  if (options.signedHost) values.host = options.signedHost;
  if (options.signedAction) values["x-tc-action"] = options.signedAction;
  const canonicalHeaders = signedHeaders
    .split(";")
    .map((name) => `${name}:${(values[name] ?? "").trim().toLowerCase()}\n`)
    .join("");
  const canonicalRequest = ["POST", "/", "", canonicalHeaders, signedHeaders, sha256(body)].join("\n");
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(timestamp), scope, sha256(canonicalRequest)].join("\n");
  const secretKey = options.secretKey ?? EMULATOR_SECRET_KEY;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  headers.Authorization =
    `TC3-HMAC-SHA256 Credential=${options.secretId ?? EMULATOR_SECRET_ID}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return exchange(url, {
    method: "POST",
    path: "/",
    headers,
    body: options.sentBody ?? body,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

/** The `{ Response }` of a 3.0 answer. */
export function v3Response(answer: RawAnswer): Record<string, any> {
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text).Response;
}

/** Options of a hand-signed 2.0 request. */
export interface LegacyOptions {
  readonly method?: "HmacSHA256" | "HmacSHA1" | null;
  readonly secretId?: string;
  readonly secretKey?: string;
  readonly timestamp?: number;
  /** The Host header sent. @default the emulator's host:port */
  readonly hostHeader?: string;
  /** The host signed. @default the Host header */
  readonly signedHost?: string;
  /** Replaces the computed signature. */
  readonly signature?: string;
  readonly region?: string;
}

/**
 * A GetRedisBackupList request signed per the 2.0 doc: `GET` + host + `/v2/index.php?` + parameters sorted by
 * name, `k=v` joined by `&`, raw values, `_` in names written as `.`; base64 HMAC.
 */
export function legacyRequest(
  url: string,
  query: Record<string, string>,
  options: LegacyOptions = {},
): Promise<RawAnswer> {
  const target = new URL(url);
  const hostHeader = options.hostHeader ?? target.host;
  const params: Record<string, string> = {
    Action: "GetRedisBackupList",
    Region: options.region ?? "ap-guangzhou",
    Timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    Nonce: String(Math.floor(Math.random() * 1e9) + 1),
    SecretId: options.secretId ?? EMULATOR_SECRET_ID,
    ...(options.method === null ? {} : { SignatureMethod: options.method ?? "HmacSHA256" }),
    ...query,
  };
  const sorted = Object.keys(params)
    .sort()
    .map((name) => `${name.replace(/_/g, ".")}=${params[name]}`)
    .join("&");
  // Without SignatureMethod the doc's default is HmacSHA1.
  const algorithm = options.method === null || options.method === "HmacSHA1" ? "sha1" : "sha256";
  const signature =
    options.signature ??
    createHmac(algorithm, options.secretKey ?? EMULATOR_SECRET_KEY)
      .update(`GET${options.signedHost ?? hostHeader}/v2/index.php?${sorted}`)
      .digest("base64");
  const search = new URLSearchParams({ ...params, Signature: signature }).toString();
  return exchange(url, { method: "GET", path: `/v2/index.php?${search}`, headers: { Host: hostHeader } });
}

/** The body of a 2.0 answer. */
export function legacyBody(answer: RawAnswer): Record<string, any> {
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text);
}

/** A CloneInstances request of `instanceId`'s backup `b-1` into one postpaid instance; `extra` overrides. */
export function cloneRequest(instanceId: string, password: string, extra: object = {}): object {
  return {
    InstanceId: instanceId,
    BackupId: "b-1",
    GoodsNum: 1,
    ZoneId: 100003,
    BillingMode: 0,
    Period: 1,
    SecurityGroupIdList: ["sg-1"],
    Password: password,
    ...extra,
  };
}
