/**
 * Tencent Cloud credentials, read from the same sources and with the same precedence as the tencentcloud
 * Terraform provider's `providerConfigure`, so one pipeline environment gives both the same identity:
 * `TENCENTCLOUD_CAM_ROLE_NAME` replaces any key pair; else the key pair from the environment; the profile file
 * only when none of the key variables is set; then the profile's `role-arn`, then the environment's assume-role
 * pair. Where the provider would quietly fall back to another identity (half a key pair, an ARN without a session
 * name) or use a way of signing in we do not implement, we refuse instead. Sources are loaded lazily: files are
 * read and the STS client imported only when needed. Secrets are never logged.
 */
import { InvalidInputError } from "../backups/errors";
import { readMetadata } from "./cvm-metadata";

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
  /** Timeout of each of the metadata server's 3 tries; short, since a CVM answers at once. Default 1000 ms. */
  readonly timeoutMs?: number;
  /** STS endpoint override (host[:port] with protocol), for tests. */
  readonly stsEndpoint?: string;
}

/** The CVM metadata server path for role credentials. */
export const DEFAULT_METADATA_ENDPOINT =
  "http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials";

const NO_CREDENTIALS_MESSAGE =
  "no Tencent Cloud credentials found; set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (or TENCENTCLOUD_PROFILE, TENCENTCLOUD_CAM_ROLE_NAME)";

/** A role to assume through STS AssumeRole. */
interface RoleRequest {
  readonly arn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
  readonly sourceIdentity?: string;
}

/** Credentials and, for a profile that names one, the role the profile assumes. */
interface BaseCredentials {
  readonly credentials: Credentials;
  readonly profileRole?: RoleRequest;
}

/** The provider's default session length, for the profile's role and the environment's. */
const DEFAULT_ROLE_SECONDS = 7200;
/** STS AssumeRole's longest session. */
const MAX_ROLE_SECONDS = 43_200;

/**
 * Resolves credentials in the provider's order: the CVM role (TENCENTCLOUD_CAM_ROLE_NAME) if set, else the
 * environment's key pair, else the profile file; then the profile's role and the environment's
 * (TENCENTCLOUD_ASSUME_ROLE_ARN with _SESSION_NAME), each assumed through STS on top of what came before.
 */
export async function resolveCredentials(options: CredentialOptions = {}): Promise<Credentials> {
  const env = options.env ?? process.env;
  refuseUnsupportedSignIn(env);
  const envRole = roleFromEnvironment(env);
  const role = nonEmpty(env["TENCENTCLOUD_CAM_ROLE_NAME"]);
  const base: BaseCredentials | undefined = role
    ? await withCvmRole(role, env, options)
    : (fromEnvironment(env) ?? (await fromProfile(env, options.profileDir)));
  if (!base) throw new InvalidInputError("credentials", NO_CREDENTIALS_MESSAGE);
  let credentials = base.credentials;
  for (const next of [base.profileRole, envRole]) {
    if (next) credentials = await assumeRole(credentials, next, env, options.stsEndpoint);
  }
  return credentials;
}

/** The variables that make the environment the key source (the provider's three). */
const KEY_VARIABLES = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN"];

/**
 * The CVM role's credentials replace any key pair. As in the provider, the profile is still read when no key
 * variable is set, and its role (role-arn, role-session-name) is assumed on top of the CVM role's credentials.
 */
async function withCvmRole(
  role: string,
  env: NodeJS.ProcessEnv,
  options: CredentialOptions,
): Promise<BaseCredentials> {
  // Only the profile's role matters here: its keys, or a missing or broken file, are no reason to fail.
  const profile = KEY_VARIABLES.some((name) => nonEmpty(env[name]))
    ? undefined
    : await readProfile(env, options.profileDir).catch(() => undefined);
  const record = profile && profileRecord(profile.text);
  const profileRole = record && roleOf(record);
  const credentials = await fromCvmRole(role, options);
  return profileRole ? { credentials, profileRole } : { credentials };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * A value that will travel in a request header or a signed query: printable ASCII without spaces. Anything else
 * (a pasted newline, a non-ASCII character) would fail every request as a network error after all retries.
 * The message names where the value came from, never the value.
 */
function checkedSecret(value: string, source: string): string {
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new InvalidInputError(
      "credentials",
      `${source}: contains a space, control or non-ASCII character, which cannot be sent; copy the value again without it`,
    );
  }
  return value;
}

function credentialsOf(
  secretId: string,
  secretKey: string,
  token: string | undefined,
  sources: readonly [idSource: string, keySource: string, tokenSource: string],
) {
  const [idSource, keySource, tokenSource] = sources;
  const pair = {
    secretId: checkedSecret(secretId, idSource),
    secretKey: checkedSecret(secretKey, keySource),
  };
  return token ? { ...pair, token: checkedSecret(token, tokenSource) } : pair;
}

/**
 * The key pair from the environment. As in the provider, any key variable being set makes the environment the
 * source, so half a pair is an error here (the provider fails too), not a silent fall back to a profile.
 */
function fromEnvironment(env: NodeJS.ProcessEnv): BaseCredentials | undefined {
  const secretId = nonEmpty(env["TENCENTCLOUD_SECRET_ID"]);
  const secretKey = nonEmpty(env["TENCENTCLOUD_SECRET_KEY"]);
  const securityToken = nonEmpty(env["TENCENTCLOUD_SECURITY_TOKEN"]);
  if (!secretId && !secretKey && !securityToken) return undefined;
  if (!secretId || !secretKey) {
    const [missing, present] = secretId
      ? ["TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECRET_ID"]
      : ["TENCENTCLOUD_SECRET_ID", secretKey ? "TENCENTCLOUD_SECRET_KEY" : "TENCENTCLOUD_SECURITY_TOKEN"];
    throw new InvalidInputError(
      "credentials",
      `${missing}: missing while ${present} is set; set the key pair, or unset them all to use a profile`,
    );
  }
  // The provider reads SECURITY_TOKEN; the SDK reads SESSION_TOKEN. Accept both, provider first.
  const tokenName = securityToken ? "TENCENTCLOUD_SECURITY_TOKEN" : "TENCENTCLOUD_SESSION_TOKEN";
  const token = securityToken ?? nonEmpty(env["TENCENTCLOUD_SESSION_TOKEN"]);
  const names = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", tokenName] as const;
  return { credentials: credentialsOf(secretId, secretKey, token, names) };
}

/** Provider sign-in variables we do not implement: refused, so we never act as a different identity. */
const UNSUPPORTED_SIGN_IN = [
  "TENCENTCLOUD_ASSUME_ROLE_SAML_ASSERTION",
  "TENCENTCLOUD_ASSUME_ROLE_PRINCIPAL_ARN",
  "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN",
  "TENCENTCLOUD_ASSUME_ROLE_SERIAL_NUMBER",
  "TENCENTCLOUD_ASSUME_ROLE_TOKEN_CODE",
  "TENCENTCLOUD_MFA_CERTIFICATION_SERIAL_NUMBER",
  "TENCENTCLOUD_MFA_CERTIFICATION_TOKEN_CODE",
];

function refuseUnsupportedSignIn(env: NodeJS.ProcessEnv): void {
  const name = UNSUPPORTED_SIGN_IN.find((variable) => nonEmpty(env[variable]));
  if (name) {
    throw new InvalidInputError(
      "credentials",
      `${name}: SAML, web identity and MFA sign-in are not supported; pass temporary keys in TENCENTCLOUD_SECRET_ID, _SECRET_KEY and _SECURITY_TOKEN instead`,
    );
  }
}

/** The environment's role: ARN and session name together (the provider ignores one without the other). */
function roleFromEnvironment(env: NodeJS.ProcessEnv): RoleRequest | undefined {
  const arn = nonEmpty(env["TENCENTCLOUD_ASSUME_ROLE_ARN"]);
  const sessionName = nonEmpty(env["TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"]);
  if (!arn && !sessionName) return undefined;
  if (!arn || !sessionName) {
    const [missing, present] = arn
      ? ["TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME", "TENCENTCLOUD_ASSUME_ROLE_ARN"]
      : ["TENCENTCLOUD_ASSUME_ROLE_ARN", "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"];
    throw new InvalidInputError(
      "credentials",
      `${missing}: missing while ${present} is set (the tencentcloud provider would then ignore the role); set both, or neither`,
    );
  }
  const externalId = nonEmpty(env["TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID"]);
  const sourceIdentity = nonEmpty(env["TENCENTCLOUD_ASSUME_ROLE_SOURCE_IDENTITY"]);
  return {
    arn,
    sessionName,
    durationSeconds: roleSeconds(env["TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"]),
    ...(externalId ? { externalId } : {}),
    ...(sourceIdentity ? { sourceIdentity } : {}),
  };
}

function roleSeconds(raw: string | undefined): number {
  const text = nonEmpty(raw);
  // 0, like unset, means the provider's default.
  if (text === undefined || /^0+$/.test(text)) return DEFAULT_ROLE_SECONDS;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > MAX_ROLE_SECONDS) {
    throw new InvalidInputError(
      "credentials",
      `TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: "${text.slice(0, 20)}" is not a whole number of seconds from 1 to ${MAX_ROLE_SECONDS}; use e.g. 7200`,
    );
  }
  return seconds;
}

async function fromProfile(
  env: NodeJS.ProcessEnv,
  profileDir?: string,
): Promise<BaseCredentials | undefined> {
  const profile = await readProfile(env, profileDir);
  return profile && parseProfile(profile.text, profile.file);
}

/** The profile file's text, or undefined when there is none (an explicitly named one must exist). */
async function readProfile(
  env: NodeJS.ProcessEnv,
  profileDir?: string,
): Promise<{ text: string; file: string } | undefined> {
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
  return { text, file };
}

function defaultProfileDir(env: NodeJS.ProcessEnv): string | undefined {
  const home = nonEmpty(env["HOME"]) ?? nonEmpty(env["USERPROFILE"]);
  return home ? `${home}/.tccli` : undefined;
}

function expandHome(dir: string, env: NodeJS.ProcessEnv): string {
  const home = nonEmpty(env["HOME"]) ?? "";
  return dir.startsWith("~") && home ? home + dir.slice(1) : dir;
}

/**
 * tccli's `<profile>.credential` is JSON: `{ "secretId", "secretKey", "token"?, "role-arn"?, "role-session-name"? }`;
 * a role with both fields is assumed for the provider's default 7200 s.
 */
function parseProfile(text: string, file: string): BaseCredentials {
  const record = profileRecord(text);
  if (!record) {
    throw new InvalidInputError(
      "credentials",
      `${file} is not JSON; write it as {"secretId": "...", "secretKey": "..."}`,
    );
  }
  const secretId = typeof record["secretId"] === "string" ? nonEmpty(record["secretId"]) : undefined;
  const secretKey = typeof record["secretKey"] === "string" ? nonEmpty(record["secretKey"]) : undefined;
  if (!secretId || !secretKey) {
    throw new InvalidInputError("credentials", `${file} lacks secretId or secretKey; add both`);
  }
  const token = typeof record["token"] === "string" ? nonEmpty(record["token"]) : undefined;
  const names = [`${file}: secretId`, `${file}: secretKey`, `${file}: token`] as const;
  const credentials = credentialsOf(secretId, secretKey, token, names);
  const profileRole = roleOf(record);
  return profileRole ? { credentials, profileRole } : { credentials };
}

function profileRecord(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

/** The profile's role: `role-arn` and `role-session-name` together, assumed for the provider's default 7200 s. */
function roleOf(record: Record<string, unknown>): RoleRequest | undefined {
  const field = (name: string) => (typeof record[name] === "string" ? nonEmpty(record[name]) : undefined);
  const arn = field("role-arn");
  const sessionName = field("role-session-name");
  return arn && sessionName ? { arn, sessionName, durationSeconds: DEFAULT_ROLE_SECONDS } : undefined;
}

async function fromCvmRole(role: string, options: CredentialOptions): Promise<Credentials> {
  const base = (options.metadataEndpoint ?? DEFAULT_METADATA_ENDPOINT).replace(/\/+$/, "");
  const url = `${base}/${encodeURIComponent(role)}`;
  const body = await readMetadata(url, options.timeoutMs ?? 1000, `TENCENTCLOUD_CAM_ROLE_NAME "${role}"`);
  const tmpId = typeof body?.["TmpSecretId"] === "string" ? body["TmpSecretId"] : undefined;
  const tmpKey = typeof body?.["TmpSecretKey"] === "string" ? body["TmpSecretKey"] : undefined;
  const token = typeof body?.["Token"] === "string" ? body["Token"] : undefined;
  if (!tmpId || !tmpKey) {
    throw new InvalidInputError(
      "credentials",
      `TENCENTCLOUD_CAM_ROLE_NAME: no credentials for role "${role}" from the CVM metadata server; check the role is bound to this instance`,
    );
  }
  const source = `TENCENTCLOUD_CAM_ROLE_NAME: the metadata server's credentials for role "${role}"`;
  return credentialsOf(tmpId, tmpKey, token, [source, source, source]);
}

async function assumeRole(
  base: Credentials,
  role: RoleRequest,
  env: NodeJS.ProcessEnv,
  stsEndpoint?: string,
): Promise<Credentials> {
  const { signedCall } = await import("./signed-call");
  const { parseEndpoint, serviceEndpoint } = await import("./endpoint");
  const { withProxy } = await import("./proxy");
  const region = nonEmpty(env["TENCENTCLOUD_REGION"]) ?? "ap-guangzhou";
  const endpoint = withProxy(parseEndpoint(stsEndpoint ?? serviceEndpoint("sts", env)), env);
  const target = { endpoint, region, credentials: base, requestTimeoutMs: 10_000 };
  const request = {
    RoleArn: role.arn,
    RoleSessionName: role.sessionName,
    DurationSeconds: role.durationSeconds,
    ...(role.externalId ? { ExternalId: role.externalId } : {}),
    ...(role.sourceIdentity ? { SourceIdentity: role.sourceIdentity } : {}),
  };
  const call = { service: "sts", version: "2018-08-13", action: "AssumeRole", request };
  const issued = (await signedCall(target, call))["Credentials"] as
    | { TmpSecretId?: string; TmpSecretKey?: string; Token?: string }
    | undefined;
  if (!issued?.TmpSecretId || !issued.TmpSecretKey) {
    throw new InvalidInputError(
      "credentials",
      `assume role ${role.arn}: STS returned no credentials; check the role ARN`,
    );
  }
  const source = `assume role ${role.arn}: the credentials STS returned`;
  return credentialsOf(issued.TmpSecretId, issued.TmpSecretKey, issued.Token, [source, source, source]);
}
