/**
 * The CVM metadata server, read for a role's temporary credentials. Its answers fall in three kinds, reported
 * differently: an answer (JSON), "no such role" (a 4xx: configuration, exit 2), and no answer at all (a timeout,
 * a refused connection, a 5xx), which is retried a few times before it is a network failure (exit 4), as any other
 * API call would be. A name that does not exist (ENOTFOUND, not the passing EAI_AGAIN) means this machine is not
 * a CVM: configuration again.
 */
import { ApiError, InvalidInputError } from "../backups/errors";
import { sleep } from "./retry";

/** Tries at one metadata read; each is short, since a CVM answers at once. */
const ATTEMPTS = 3;
const PAUSE_MS = 250;

type Reading =
  | { readonly kind: "answer"; readonly body: Record<string, unknown> | undefined }
  | { readonly kind: "refused"; readonly status: number }
  | { readonly kind: "unreachable"; readonly why: string };

/** The JSON the metadata server answers at `url`, or undefined for a non-JSON answer. */
export async function readMetadata(
  url: string,
  timeoutMs: number,
  what: string,
): Promise<Record<string, unknown> | undefined> {
  let last: Reading | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await sleep(PAUSE_MS);
    last = await getOnce(url, timeoutMs);
    if (last.kind === "answer") return last.body;
    if (last.kind === "refused") {
      throw new InvalidInputError(
        "credentials",
        `${what}: the CVM metadata server answered HTTP ${last.status}`,
      );
    }
    if (last.why === "ENOTFOUND") {
      throw new InvalidInputError(
        "credentials",
        `${what}: ${new URL(url).hostname} does not resolve: it is reachable only from a Tencent Cloud CVM; on other machines use TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY`,
      );
    }
  }
  const why = last?.kind === "unreachable" ? last.why : "no answer";
  throw new ApiError(
    `${what}: the CVM metadata server did not answer (${why}) in ${ATTEMPTS} tries; try again, or check this CVM's network`,
    undefined,
    undefined,
    false,
  );
}

/** One GET, plain http without any proxy (the metadata server is link-local). */
function getOnce(url: string, timeoutMs: number): Promise<Reading> {
  const http = require("node:http") as typeof import("node:http");
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        if (status >= 500) return resolve({ kind: "unreachable", why: `HTTP ${status}` });
        if (status !== 200) return resolve({ kind: "refused", status });
        resolve({ kind: "answer", body: parseObject(Buffer.concat(chunks).toString("utf8")) });
      });
      response.on("error", () => resolve({ kind: "unreachable", why: "the answer broke off" }));
    });
    request.on("timeout", () => request.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ kind: "unreachable", why: error.code ?? "error" }),
    );
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
