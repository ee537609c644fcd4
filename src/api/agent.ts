/**
 * Connection pooling hook. The transport (http-transport.ts) opens one direct connection per request and closes
 * it with the response, so nothing stays open between requests and there is nothing to pool or release; never a
 * proxy either, so loopback endpoints (the emulator) work on proxied machines.
 */

/**
 * Releases idle pooled connections. A no-op for the current transport, which keeps none; kept so callers (the
 * resolver, the CLI, tests) need not know how the transport manages connections.
 */
export function destroyAgents(): void {}
