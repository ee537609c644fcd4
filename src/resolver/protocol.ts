/**
 * Terraform's `external` protocol: one JSON object of strings on stdin; one JSON object of strings on stdout,
 * or one line on stderr and a non-zero exit.
 */
import { readSync, writeSync } from "node:fs";
import { InvalidInputError } from "../backups/errors";

/** Every query key the resolver understands (the construct writes exactly these). */
const QUERY_KEYS = [
  "instance_id",
  "region",
  "backup_type",
  "begin_time",
  "end_time",
  "max_age",
  "statuses",
  "include_locked",
  "backup_id",
  "on_none",
  "endpoint",
  "api",
] as const;

/** A validated query: known keys only, all strings (a null value reads as an absent key). */
export type Query = Partial<Record<(typeof QUERY_KEYS)[number], string>>;

const MAX_QUERY_BYTES = 64 * 1024;

/** Parses the query text; errors name the key and say what Terraform should have sent. */
export function parseQuery(text: string): Query {
  if (Buffer.byteLength(text) > MAX_QUERY_BYTES)
    throw new InvalidInputError("query", "query: larger than 64 KB");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidInputError(
      "query",
      "query: stdin is not JSON; Terraform sends the data source's query as a JSON object",
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InvalidInputError("query", "query: must be a JSON object of strings");
  }
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    if (!(QUERY_KEYS as readonly string[]).includes(key)) {
      throw new InvalidInputError(key, `${key}: unknown query key; use one of ${QUERY_KEYS.join(", ")}`);
    }
    // The external provider omits null elements (2.3.1 sent "" instead); a caller that sends null means the same.
    if (value === null) continue;
    if (typeof value !== "string")
      throw new InvalidInputError(key, `${key}: must be a string, got ${JSON.stringify(value)}`);
    query[key] = value;
  }
  return query as Query;
}

/**
 * Reads all of stdin, at most just over 64 KB (parseQuery rejects more). Reads synchronously: Terraform hands the
 * query over a blocking pipe, and a synchronous read costs well under a millisecond where creating the
 * `process.stdin` stream costs several. A non-blocking stdin (EAGAIN) continues on the stream from where the
 * synchronous reads stopped, so no byte is lost.
 */
export async function readStdin(): Promise<string> {
  // One buffer, read into until EOF or just past the limit (for parseQuery to refuse), decoded once.
  const buffer = Buffer.allocUnsafe(MAX_QUERY_BYTES + 1);
  let size = 0;
  try {
    for (let read = -1; read !== 0 && size < buffer.length; size += read) {
      read = readSync(0, buffer, size, buffer.length - size, null);
    }
    return buffer.toString("utf8", 0, size);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EOF") return buffer.toString("utf8", 0, size);
    if (code !== "EAGAIN") throw error;
  }
  const chunks: Buffer[] = [Buffer.from(buffer.subarray(0, size))];
  return new Promise((resolve, reject) => {
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

/**
 * Writes the result to stdout synchronously, for the same reason stdin is read that way: the `process.stdout`
 * stream costs more to create than the write itself. A non-blocking stdout (EAGAIN) gets the rest through the
 * stream, which flushes before the process exits.
 */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    process.stdout.write(bytes.subarray(offset));
  }
}
