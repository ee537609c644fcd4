/**
 * Explicit HTTP agents. The SDK's fetch sends every request through lower-case `http_proxy` unless an
 * agent is given, which breaks loopback endpoints (the emulator) on proxied machines. We always pass
 * an agent, so requests go direct; proxies are not supported for the Tencent API.
 */
import * as http from "node:http";
import type * as https from "node:https";

/** node:https (and TLS) load only for https endpoints: the plan-time resolver against a local endpoint skips them. */
export function httpsModule(): typeof https {
  return require("node:https");
}

let httpAgent: http.Agent | undefined;
let httpsAgent: https.Agent | undefined;

/** A shared keep-alive agent for the protocol (`http://` or `https://`). */
export function agentFor(protocol: "http://" | "https://"): http.Agent {
  if (protocol === "http://") {
    httpAgent ??= new http.Agent({ keepAlive: true, maxSockets: 32 });
    return httpAgent;
  }
  httpsAgent ??= new (httpsModule().Agent)({ keepAlive: true, maxSockets: 32 });
  return httpsAgent;
}

/** Closes idle keep-alive sockets (tests call this so jest exits cleanly). */
export function destroyAgents(): void {
  httpAgent?.destroy();
  httpsAgent?.destroy();
  httpAgent = undefined;
  httpsAgent = undefined;
}
