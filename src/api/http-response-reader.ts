/**
 * An incremental HTTP/1.1 response reader for the minimal client in http-transport.ts: status line, headers
 * (names case-insensitive), then a Content-Length, chunked or close-delimited body, with a size cap.
 * Pure (no sockets), so every framing case is testable byte by byte.
 */

/** A complete response: status, lower-cased headers and the raw body bytes. */
export interface RawHttpResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

/** Headers larger than this are refused (Tencent's are well under 2 KB). */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

/** An unparseable response; `code` makes toApiError treat it as a (retryable) network error. */
function malformed(why: string): Error {
  return Object.assign(new Error(`malformed HTTP response: ${why}`), { code: "ERR_MALFORMED_RESPONSE" });
}

type BodyMode =
  | { readonly kind: "length"; readonly length: number }
  | { readonly kind: "chunked" }
  | { readonly kind: "close" };

/** Status line and headers of a head block (without the blank line). */
function parseHead(text: string): { status: number; headers: Map<string, string> } {
  const lines = text.split("\r\n");
  const statusMatch = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? "");
  if (!statusMatch) throw malformed(`bad status line "${(lines[0] ?? "").slice(0, 60)}"`);
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of lines.slice(1)) {
    if ((line.startsWith(" ") || line.startsWith("\t")) && last !== undefined) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`); // obsolete line folding
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) throw malformed(`bad header line "${line.slice(0, 60)}"`);
    last = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(last);
    headers.set(last, previous === undefined ? value : `${previous}, ${value}`);
  }
  return { status: Number(statusMatch[1]), headers };
}

/** How the body is delimited (RFC 9112 section 6.3, for responses to GET and POST). */
function bodyMode(status: number, headers: ReadonlyMap<string, string>, maxBody: number): BodyMode {
  if (status === 204 || status === 304) return { kind: "length", length: 0 };
  const encoding = headers.get("transfer-encoding");
  if (encoding !== undefined) {
    const codings = encoding.toLowerCase().split(",");
    return codings[codings.length - 1]?.trim() === "chunked" ? { kind: "chunked" } : { kind: "close" };
  }
  const lengthHeader = headers.get("content-length");
  if (lengthHeader === undefined) return { kind: "close" };
  const values = new Set(lengthHeader.split(",").map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^\d+$/.test(only)) {
    throw malformed(`bad Content-Length "${lengthHeader.slice(0, 40)}"`);
  }
  const length = Number(only);
  if (length > maxBody) throw tooLarge(maxBody);
  return { kind: "length", length };
}

function tooLarge(maxBody: number): Error {
  return new Error(`response body larger than ${Math.round(maxBody / (1024 * 1024))} MB`);
}

/**
 * Feed it the bytes of one response as they arrive; `feed` returns the response once it is complete, and
 * `end` (the server closed) returns it for a close-delimited body or throws when it was cut short.
 */
export class HttpResponseReader {
  private head: Buffer = Buffer.alloc(0);
  private status = 0;
  private headers = new Map<string, string>();
  private mode: BodyMode | undefined;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;
  private done: RawHttpResponse | undefined;
  /** Chunked framing: what the next bytes are, bytes left in the current chunk, a partial line. */
  private chunkState: "size" | "data" | "dataEnd" | "trailer" = "size";
  private chunkLeft = 0;
  private line: Buffer = Buffer.alloc(0);

  /** @param maxBodyBytes - the largest body accepted (decoded bytes). */
  constructor(private readonly maxBodyBytes: number) {}

  /** Consumes bytes; returns the response once complete (later bytes are ignored). Throws on bad framing. */
  feed(chunk: Buffer): RawHttpResponse | undefined {
    if (this.done) return this.done;
    let rest: Buffer | undefined = chunk;
    if (this.mode === undefined) rest = this.readHead(chunk);
    if (rest !== undefined && this.mode !== undefined && !this.done) this.readBody(rest);
    return this.done;
  }

  /** The server closed the connection: the response, if it is complete or close-delimited. */
  end(): RawHttpResponse {
    if (this.done) return this.done;
    if (this.mode?.kind === "close") return this.finish();
    const where = this.mode === undefined ? "before the response was complete" : "mid-response";
    throw Object.assign(new Error(`connection closed ${where}`), { code: "ECONNRESET" });
  }

  /** Collects the head; returns the bytes after it once the head is parsed, else undefined. */
  private readHead(chunk: Buffer): Buffer | undefined {
    this.head = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
    const end = this.head.indexOf(HEAD_END);
    if (end < 0) {
      if (this.head.length > MAX_HEAD_BYTES) throw malformed("headers larger than 64 KB");
      return undefined;
    }
    const parsed = parseHead(this.head.subarray(0, end).toString("latin1"));
    const rest = this.head.subarray(end + HEAD_END.length);
    this.head = Buffer.alloc(0);
    if (parsed.status >= 100 && parsed.status < 200) {
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      return rest.length > 0 ? this.readHead(rest) : undefined;
    }
    this.status = parsed.status;
    this.headers = parsed.headers;
    this.mode = bodyMode(parsed.status, parsed.headers, this.maxBodyBytes);
    if (this.mode.kind === "length" && this.mode.length === 0) this.finish();
    return rest;
  }

  private readBody(bytes: Buffer): void {
    const mode = this.mode;
    if (mode?.kind === "chunked") {
      this.readChunked(bytes);
      return;
    }
    const wanted = mode?.kind === "length" ? mode.length - this.bodyBytes : bytes.length;
    this.append(bytes.length > wanted ? bytes.subarray(0, wanted) : bytes);
    if (mode?.kind === "length" && this.bodyBytes >= mode.length) this.finish();
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.bodyBytes += bytes.length;
    if (this.bodyBytes > this.maxBodyBytes) throw tooLarge(this.maxBodyBytes);
    this.body.push(bytes);
  }

  /** Walks chunk framing: `size[;ext] CRLF data CRLF ... 0 CRLF [trailers] CRLF`. */
  private readChunked(bytes: Buffer): void {
    let at = 0;
    while (at < bytes.length && !this.done) {
      if (this.chunkState === "data") {
        const take = Math.min(this.chunkLeft, bytes.length - at);
        this.append(bytes.subarray(at, at + take));
        at += take;
        this.chunkLeft -= take;
        if (this.chunkLeft === 0) this.chunkState = "dataEnd";
        continue;
      }
      const line = this.takeLine(bytes, at);
      if (line === undefined) return;
      at = line.next;
      this.onChunkLine(line.text);
    }
  }

  /** The next CRLF-terminated line from `at` (joined with a partial line from earlier bytes), or undefined. */
  private takeLine(bytes: Buffer, at: number): { text: string; next: number } | undefined {
    // A CR at the end of the previous piece pairs with an LF at the start of this one.
    const joined = this.line.length > 0 ? Buffer.concat([this.line, bytes.subarray(at)]) : bytes.subarray(at);
    const end = joined.indexOf(CRLF);
    if (end < 0) {
      if (joined.length > MAX_HEAD_BYTES) throw malformed("chunk framing line too long");
      this.line = Buffer.from(joined);
      return undefined;
    }
    const consumedHere = end + CRLF.length - this.line.length;
    this.line = Buffer.alloc(0);
    return { text: joined.subarray(0, end).toString("latin1"), next: at + consumedHere };
  }

  private onChunkLine(text: string): void {
    if (this.chunkState === "dataEnd") {
      if (text !== "") throw malformed("chunk data longer than its size");
      this.chunkState = "size";
    } else if (this.chunkState === "trailer") {
      if (text === "") this.finish();
    } else {
      const size = /^([0-9a-fA-F]{1,8})[ \t]*(?:;.*)?$/.exec(text);
      if (!size) throw malformed(`bad chunk size "${text.slice(0, 20)}"`);
      this.chunkLeft = Number.parseInt(size[1] as string, 16);
      if (this.bodyBytes + this.chunkLeft > this.maxBodyBytes) throw tooLarge(this.maxBodyBytes);
      this.chunkState = this.chunkLeft === 0 ? "trailer" : "data";
    }
  }

  private finish(): RawHttpResponse {
    this.done = {
      status: this.status,
      headers: this.headers,
      // Most bodies arrive in one piece: no copy (Buffer.concat's first call costs ~0.3 ms, issue 6).
      body: this.body.length === 1 ? (this.body[0] as Buffer) : Buffer.concat(this.body, this.bodyBytes),
    };
    return this.done;
  }
}
