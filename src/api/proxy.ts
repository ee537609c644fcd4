/**
 * Which HTTP proxy, if any, carries a request: the rules of Go's net/http (`httpproxy.FromEnvironment`), which
 * the tencentcloud Terraform provider uses, so one pipeline environment serves both. Only https endpoints are
 * proxied (through a CONNECT tunnel, TLS end to end); http endpoints (the emulator, test doubles) go direct.
 */
import { InvalidInputError } from "../backups/errors";
import type { ResolvedEndpoint } from "./endpoint";

/** An `http://` proxy reached with CONNECT. */
export interface HttpProxy {
  readonly hostname: string;
  readonly port: number;
  /** `Basic ...` from the proxy URL's user info. A secret: never logged or printed. */
  readonly authorization?: string;
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name.toUpperCase()]?.trim() || env[name.toLowerCase()]?.trim() || undefined;
}

function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/** Go's rule: localhost and loopback addresses never use a proxy. */
function isLoopbackHost(hostname: string): boolean {
  const host = bare(hostname);
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** IPv4 text as a 32-bit number, or undefined. */
function ipv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** `host:port`, `[v6]:port`, or a bare host or IPv6 address (several colons and no brackets: no port). */
function splitPort(entry: string): [string, number | undefined] {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bare(bracketed[1]!), bracketed[2] === undefined ? undefined : Number(bracketed[2])];
  const hostPort = /^([^:]*):(\d+)$/.exec(entry);
  if (hostPort) return [bare(hostPort[1]!), Number(hostPort[2])];
  return [bare(entry), undefined];
}

/** One NO_PROXY entry against a host and port: `*`, a CIDR, an IP, a domain (and its subdomains), `:port`. */
function entryMatches(entry: string, host: string, port: number): boolean {
  if (entry === "*") return true;
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(entry);
  if (cidr) {
    const [network, address, bits] = [ipv4(cidr[1]!), ipv4(host), Number(cidr[2])];
    if (network === undefined || address === undefined || bits > 32) return false;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (network & mask) >>> 0 === (address & mask) >>> 0;
  }
  const [name, entryPort] = splitPort(entry);
  if (entryPort !== undefined && entryPort !== port) return false;
  if (name === "") return false;
  // "*.y.com" and ".y.com" match subdomains only; "y.com" matches itself and its subdomains.
  const domain = name.startsWith("*.") ? name.slice(1) : name;
  if (domain.startsWith(".")) return host.endsWith(domain);
  return host === domain || host.endsWith(`.${domain}`);
}

/** True when NO_PROXY (or no_proxy) exempts the host. */
export function bypassesProxy(hostname: string, port: number, env: NodeJS.ProcessEnv): boolean {
  const list = variable(env, "no_proxy");
  if (!list) return false;
  const host = bare(hostname);
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => entryMatches(entry.toLowerCase(), host, port));
}

/** Parses HTTPS_PROXY; a scheme-less value is http, as in Go. */
function parseProxy(value: string): HttpProxy {
  const fail = (why: string): never => {
    throw new InvalidInputError(
      "HTTPS_PROXY",
      `HTTPS_PROXY: ${why}; use a URL such as http://proxy.example:3128`,
    );
  };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return fail("not a URL");
  }
  if (url.protocol !== "http:")
    fail(`${url.protocol.replace(":", "")} proxies are not supported, only http://`);
  if (!url.hostname) fail("has no host");
  const user = decodeURIComponent(url.username);
  const authorization =
    user || url.password
      ? `Basic ${Buffer.from(`${user}:${decodeURIComponent(url.password)}`).toString("base64")}`
      : undefined;
  return { hostname: bare(url.hostname), port: url.port ? Number(url.port) : 80, authorization };
}

/** The proxy for an endpoint, or undefined to connect directly. */
export function proxyFor(endpoint: ResolvedEndpoint, env: NodeJS.ProcessEnv): HttpProxy | undefined {
  if (endpoint.protocol !== "https://" || isLoopbackHost(endpoint.hostname)) return undefined;
  const value = variable(env, "https_proxy");
  if (!value) return undefined;
  if (bypassesProxy(endpoint.hostname, endpoint.port ?? 443, env)) return undefined;
  return parseProxy(value);
}

/** The endpoint with the proxy that carries its requests, if any. */
export function withProxy(endpoint: ResolvedEndpoint, env: NodeJS.ProcessEnv): ResolvedEndpoint {
  const proxy = proxyFor(endpoint, env);
  return proxy ? { ...endpoint, proxy } : endpoint;
}
