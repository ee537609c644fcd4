/**
 * Tencent Cloud credentials, read from the same sources and in the same order as the tencentcloud
 * Terraform provider, so one pipeline environment serves both. Sources are loaded lazily: files are
 * read and the STS client imported only when an earlier source is absent. Secrets are never logged.
 */
import { InvalidInputError } from "../backups/errors";

/** A key pair, with a session token for temporary credentials. */
export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
}

/** Where to look; every field defaults to the real environment. */
export interface CredentialOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Directory holding `<profile>.credential`; default TENCENTCLOUD_SHARED_CREDENTIALS_DIR or ~/.tccli. */
  readonly profileDir?: string;
  /** CVM metadata base URL (tests point it at 127.0.0.1). */
  readonly metadataEndpoint?: string;
  /** Metadata server timeout; short because off-CVM the address never answers. Default 1000 ms. */
  readonly timeoutMs?: number;
  /** STS endpoint override (host[:port] with protocol), for tests. */
  readonly stsEndpoint?: string;
}

/** The CVM metadata server path for role credentials. */
export const DEFAULT_METADATA_ENDPOINT =
  "http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials";

const NO_CREDENTIALS_MESSAGE =
  "no Tencent Cloud credentials found; set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (or TENCENTCLOUD_PROFILE, TENCENTCLOUD_CAM_ROLE_NAME)";

/** Resolves credentials: env keys, shared profile, CVM role; then assume-role when TENCENTCLOUD_ASSUME_ROLE_ARN is set. */
export async function resolveCredentials(options: CredentialOptions = {}): Promise<Credentials> {
  const env = options.env ?? process.env;
  const base =
    fromEnvironment(env) ?? (await fromProfile(env, options.profileDir)) ?? (await fromCvmRole(env, options));
  if (!base) throw new InvalidInputError("credentials", NO_CREDENTIALS_MESSAGE);
  const roleArn = nonEmpty(env["TENCENTCLOUD_ASSUME_ROLE_ARN"]);
  return roleArn ? assumeRole(base, roleArn, env, options.stsEndpoint) : base;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function fromEnvironment(env: NodeJS.ProcessEnv): Credentials | undefined {
  const secretId = nonEmpty(env["TENCENTCLOUD_SECRET_ID"]);
  const secretKey = nonEmpty(env["TENCENTCLOUD_SECRET_KEY"]);
  if (!secretId || !secretKey) return undefined;
  // The provider reads SECURITY_TOKEN; the SDK reads SESSION_TOKEN. Accept both, provider first.
  const token = nonEmpty(env["TENCENTCLOUD_SECURITY_TOKEN"]) ?? nonEmpty(env["TENCENTCLOUD_SESSION_TOKEN"]);
  return token ? { secretId, secretKey, token } : { secretId, secretKey };
}

async function fromProfile(env: NodeJS.ProcessEnv, profileDir?: string): Promise<Credentials | undefined> {
  const explicitProfile = nonEmpty(env["TENCENTCLOUD_PROFILE"]);
  const profile = explicitProfile ?? "default";
  // require, not import(): the resolver runs in a vm.Script (src/resolver/loader.ts), where import() has no loader.
  const { readFile } = require("node:fs/promises") as typeof import("node:fs/promises");
  const path = require("node:path") as typeof import("node:path");
  const dir = profileDir ?? nonEmpty(env["TENCENTCLOUD_SHARED_CREDENTIALS_DIR"]) ?? defaultProfileDir(env);
  if (!dir) return undefined;
  const file = path.join(expandHome(dir, env), `${profile}.credential`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    if (explicitProfile) {
      throw new InvalidInputError(
        "credentials",
        `TENCENTCLOUD_PROFILE: cannot read ${file}; create it or unset TENCENTCLOUD_PROFILE`,
      );
    }
    return undefined;
  }
  return parseProfile(text, file);
}

function defaultProfileDir(env: NodeJS.ProcessEnv): string | undefined {
  const home = nonEmpty(env["HOME"]) ?? nonEmpty(env["USERPROFILE"]);
  return home ? `${home}/.tccli` : undefined;
}

function expandHome(dir: string, env: NodeJS.ProcessEnv): string {
  const home = nonEmpty(env["HOME"]) ?? "";
  return dir.startsWith("~") && home ? home + dir.slice(1) : dir;
}

/** tccli's `<profile>.credential` is JSON: `{ "secretId": "...", "secretKey": "...", "token"?: "..." }`. */
function parseProfile(text: string, file: string): Credentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidInputError(
      "credentials",
      `${file} is not JSON; write it as {"secretId": "...", "secretKey": "..."}`,
    );
  }
  const record = (parsed ?? {}) as Record<string, unknown>;
  const secretId = typeof record["secretId"] === "string" ? nonEmpty(record["secretId"]) : undefined;
  const secretKey = typeof record["secretKey"] === "string" ? nonEmpty(record["secretKey"]) : undefined;
  if (!secretId || !secretKey) {
    throw new InvalidInputError("credentials", `${file} lacks secretId or secretKey; add both`);
  }
  const token = typeof record["token"] === "string" ? nonEmpty(record["token"]) : undefined;
  return token ? { secretId, secretKey, token } : { secretId, secretKey };
}

async function fromCvmRole(
  env: NodeJS.ProcessEnv,
  options: CredentialOptions,
): Promise<Credentials | undefined> {
  const role = nonEmpty(env["TENCENTCLOUD_CAM_ROLE_NAME"]);
  if (!role) return undefined;
  const base = (options.metadataEndpoint ?? DEFAULT_METADATA_ENDPOINT).replace(/\/+$/, "");
  const url = `${base}/${encodeURIComponent(role)}`;
  const body = await fetchWithTimeout(url, options.timeoutMs ?? 1000);
  const tmpId = typeof body?.["TmpSecretId"] === "string" ? body["TmpSecretId"] : undefined;
  const tmpKey = typeof body?.["TmpSecretKey"] === "string" ? body["TmpSecretKey"] : undefined;
  const token = typeof body?.["Token"] === "string" ? body["Token"] : undefined;
  if (!tmpId || !tmpKey) {
    throw new InvalidInputError(
      "credentials",
      `TENCENTCLOUD_CAM_ROLE_NAME: no credentials for role "${role}" from the CVM metadata server; check the role is bound to this instance`,
    );
  }
  return token ? { secretId: tmpId, secretKey: tmpKey, token } : { secretId: tmpId, secretKey: tmpKey };
}

/** GETs JSON over plain http without any proxy (the metadata server is link-local). */
async function fetchWithTimeout(
  url: string,
  timeoutMs: number,
): Promise<Record<string, unknown> | undefined> {
  const http = require("node:http") as typeof import("node:http");
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        if ((response.statusCode ?? 0) !== 200) return resolve(undefined);
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch {
          resolve(undefined);
        }
      });
      response.on("error", () => resolve(undefined));
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(undefined));
  });
}

async function assumeRole(
  base: Credentials,
  roleArn: string,
  env: NodeJS.ProcessEnv,
  stsEndpoint?: string,
): Promise<Credentials> {
  const sessionName = nonEmpty(env["TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"]) ?? "crs-backup";
  const durationText = nonEmpty(env["TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"]) ?? "7200";
  const duration = Number(durationText);
  if (!Number.isInteger(duration) || duration <= 0) {
    throw new InvalidInputError(
      "credentials",
      "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: not a whole number of seconds; use e.g. 7200",
    );
  }
  const { signedCall } = await import("./signed-call");
  const { parseEndpoint } = await import("./endpoint");
  const { withProxy } = await import("./proxy");
  const region = nonEmpty(env["TENCENTCLOUD_REGION"]) ?? "ap-guangzhou";
  const endpoint = withProxy(parseEndpoint(stsEndpoint ?? STS_ENDPOINT), env);
  const target = { endpoint, region, credentials: base, requestTimeoutMs: 10_000 };
  const request = { RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: duration };
  const call = { service: "sts", version: "2018-08-13", action: "AssumeRole", request };
  const issued = (await signedCall(target, call))["Credentials"] as
    | { TmpSecretId?: string; TmpSecretKey?: string; Token?: string }
    | undefined;
  if (!issued?.TmpSecretId || !issued.TmpSecretKey) {
    throw new InvalidInputError(
      "credentials",
      "TENCENTCLOUD_ASSUME_ROLE_ARN: STS returned no credentials; check the role ARN",
    );
  }
  return { secretId: issued.TmpSecretId, secretKey: issued.TmpSecretKey, token: issued.Token };
}

const STS_ENDPOINT = "https://sts.tencentcloudapi.com";
