/** Region and endpoint resolution: explicit option, else environment, else Tencent's public defaults. */
import { InvalidInputError } from "../backups/errors";
import { type HttpProxy, withProxy } from "./proxy";

/** Default legacy API 2.0 endpoint (requests go to `<endpoint>/v2/index.php`). */
export const DEFAULT_LEGACY_ENDPOINT = "https://redis.api.qcloud.com";
/** The legacy API's path under its endpoint. */
export const LEGACY_PATH = "/v2/index.php";

/** The region option, else TENCENTCLOUD_REGION; neither is invalid input. */
export function resolveRegion(region: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = region?.trim() || env["TENCENTCLOUD_REGION"]?.trim();
  if (!chosen) {
    throw new InvalidInputError(
      "region",
      "region: missing; set the `region` prop or option (e.g. ap-guangzhou), or TENCENTCLOUD_REGION where it runs",
    );
  }
  return checkRegion(chosen);
}

/**
 * A region id as Tencent spells them (`ap-guangzhou`, `ap-shanghai-fsi`, `na-siliconvalley`): lowercase words
 * joined by hyphens. Checked before any request, since `Guangzhou` would only come back as an API error (exit 4).
 */
export function checkRegion(region: string): string {
  if (!/^[a-z]+(-[a-z0-9]+)+$/.test(region) || region.length > 64) {
    throw new InvalidInputError(
      "region",
      `region: ${JSON.stringify(region.slice(0, 40))} is not a region; use e.g. ap-guangzhou`,
    );
  }
  return region;
}

/** True for financial regions (`ap-shanghai-fsi`, ...), which have their own endpoint host. */
export function isFinancialRegion(region: string): boolean {
  return region.endsWith("-fsi");
}

/** A validated endpoint split the way the SDK wants it. */
export interface ResolvedEndpoint {
  /** `https://host[:port]`, no trailing slash. */
  readonly url: string;
  readonly protocol: "http://" | "https://";
  /** Host with port when one was given (what the SDK's httpProfile.endpoint takes). */
  readonly host: string;
  readonly hostname: string;
  readonly port?: number;
  /** The HTTP proxy that carries requests (HTTPS_PROXY, NO_PROXY); none means a direct connection. */
  readonly proxy?: HttpProxy;
}

/**
 * Resolves the endpoint: explicit, else TENCENTCLOUD_REDIS_ENDPOINT, else the dialect's default for the region
 * (API 3.0: under TENCENTCLOUD_DOMAIN, by TENCENTCLOUD_PROTOCOL, as the Terraform provider reads them); with the
 * proxy the environment names for it.
 */
export function resolveEndpoint(
  explicit: string | undefined,
  region: string,
  api: "v3" | "legacy" = "v3",
  env: NodeJS.ProcessEnv = process.env,
): ResolvedEndpoint {
  const chosen =
    explicit?.trim() || env["TENCENTCLOUD_REDIS_ENDPOINT"]?.trim() || defaultEndpoint(region, api, env);
  return withProxy(parseEndpoint(chosen), env);
}

/**
 * The endpoint for a region and dialect when none is given. API 3.0 follows the Terraform provider's
 * `TENCENTCLOUD_DOMAIN` (root domain, e.g. `internal.tencentcloudapi.com` from inside a VPC) and
 * `TENCENTCLOUD_PROTOCOL` (`HTTP` or `HTTPS`), so one pipeline environment serves both; the legacy API has its
 * own host, which neither changes.
 */
export function defaultEndpoint(
  region: string,
  api: "v3" | "legacy" = "v3",
  env: NodeJS.ProcessEnv = {},
): string {
  if (api === "legacy") return DEFAULT_LEGACY_ENDPOINT;
  // The provider's SDK puts a custom root domain after the service as is, region or not (a financial region's
  // pipeline sets e.g. ap-shanghai-fsi.tencentcloudapi.com); only the public default needs the region label.
  const financial = isFinancialRegion(region) && !env["TENCENTCLOUD_DOMAIN"]?.trim();
  return serviceEndpoint(financial ? `redis.${region}` : "redis", env);
}

const DEFAULT_ROOT_DOMAIN = "tencentcloudapi.com";

/**
 * `<scheme>://<service>.<root domain>` for an API 3.0 service (`redis`, `sts`), from TENCENTCLOUD_PROTOCOL and
 * TENCENTCLOUD_DOMAIN (defaults HTTPS and tencentcloudapi.com); a value that makes no endpoint is invalid input
 * naming the variable.
 */
export function serviceEndpoint(service: string, env: NodeJS.ProcessEnv): string {
  const protocol = env["TENCENTCLOUD_PROTOCOL"]?.trim() || "HTTPS";
  if (!/^https?$/i.test(protocol)) {
    throw new InvalidInputError(
      "TENCENTCLOUD_PROTOCOL",
      `TENCENTCLOUD_PROTOCOL: ${JSON.stringify(protocol.slice(0, 40))} is not valid; use HTTP or HTTPS, or leave it unset`,
    );
  }
  const domain = env["TENCENTCLOUD_DOMAIN"]?.trim() || DEFAULT_ROOT_DOMAIN;
  const endpoint = `${protocol.toLowerCase()}://${service}.${domain}`;
  if (domain !== DEFAULT_ROOT_DOMAIN && !isEndpoint(endpoint)) {
    throw new InvalidInputError(
      "TENCENTCLOUD_DOMAIN",
      `TENCENTCLOUD_DOMAIN: ${JSON.stringify(domain.slice(0, 60))} is not a domain; use a root domain such as tencentcloudapi.com, or leave it unset`,
    );
  }
  return endpoint;
}

function isEndpoint(value: string): boolean {
  try {
    parseEndpoint(value);
    return true;
  } catch {
    return false;
  }
}

/** Scheme, host and port of an endpoint without path, query or user info; the host is checked by isPlainHost. */
const SIMPLE_ENDPOINT = /^(https?):\/\/([a-z0-9.-]+)(?::([1-9]\d{0,4}))?\/?$/;
const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/**
 * A host WHATWG URL leaves exactly as written: dotted-decimal IPv4 without leading zeros, or a lower-case name
 * whose labels start with a letter and are not punycode (`xn--`).
 */
function isPlainHost(host: string): boolean {
  const labels = host.split(".");
  if (labels.every((label) => /^\d+$/.test(label))) {
    return (
      labels.length === 4 && labels.every((label) => Number(label) <= 255 && String(Number(label)) === label)
    );
  }
  return labels.every((label) => /^[a-z]/.test(label) && !label.startsWith("xn--"));
}

/**
 * The endpoints people write (`https://redis.tencentcloudapi.com`, `http://127.0.0.1:8000/`), parsed to exactly
 * the parts WHATWG URL gives, without it: URL's first use (or a regular expression as exact as URL) costs a
 * plan-time lookup ~0.5 ms (issue 6). Undefined for anything else, which URL parses.
 */
function parsePlainEndpoint(value: string): ResolvedEndpoint | undefined {
  const match = SIMPLE_ENDPOINT.exec(value);
  if (!match) return undefined;
  const [, scheme, hostname, portText] = match as unknown as [string, string, string, string | undefined];
  const number = portText === undefined ? undefined : Number(portText);
  if ((number !== undefined && number > 65_535) || !isPlainHost(hostname)) return undefined;
  // URL drops a port that is the scheme's default.
  const port = number === DEFAULT_PORTS[scheme] ? undefined : number;
  const protocol = scheme === "http" ? "http://" : "https://";
  const host = port === undefined ? hostname : `${hostname}:${port}`;
  return { url: `${protocol}${host}`, protocol, host, hostname, port };
}

/** Validates an endpoint: an http(s) URL with no path, query or credentials. */
export function parseEndpoint(value: string): ResolvedEndpoint {
  const plain = parsePlainEndpoint(value);
  if (plain) return plain;
  const fail = (why: string): never => {
    throw new InvalidInputError("endpoint", `endpoint: ${why}; use a URL such as http://127.0.0.1:8000`);
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`"${value}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(`"${value}" is not an http(s) URL`);
  if (url.username || url.password) fail("must not carry user info");
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    fail(`"${value}" has a path or query`);
  }
  const protocol = url.protocol === "http:" ? "http://" : "https://";
  const port = url.port ? Number(url.port) : undefined;
  return { url: `${protocol}${url.host}`, protocol, host: url.host, hostname: url.hostname, port };
}
