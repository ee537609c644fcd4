/**
 * SHA-256 and HMAC-SHA256 for request signing. The plan-time resolver hashes a few hundred bytes per lookup, and
 * both obvious sources cost more than the hashing: loading node:crypto takes about 6 ms, and pure-JS SHA-256 runs
 * cold (interpreted) at about 3 ms per lookup, of a ~40 ms budget (issue 6). hash-wasm's SHA-256 WebAssembly
 * module (vendored in sha256-wasm.ts) compiles and hashes in under 1 ms. Where WebAssembly is off
 * (`node --jitless`), node:crypto does the work. Tests check both against node:crypto and published vectors.
 */
import { SHA256_WASM_BASE64 } from "./sha256-wasm";

/** The part of the WebAssembly JS API used here (tsconfig's libs do not declare it); absent under `--jitless`. */
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { readonly exports: unknown };
    }
  | undefined;

/** SHA-256 of the concatenated parts. */
type Sha256 = (...parts: Uint8Array[]) => Uint8Array;

/** What hashing.ts calls of the module (hash-wasm's C API: one I/O buffer, init/update/final). */
interface Sha256Module {
  readonly memory: { readonly buffer: ArrayBuffer };
  Hash_GetBuffer(): number;
  Hash_Init(bits: number): void;
  Hash_Update(length: number): void;
  Hash_Final(): void;
}

/** The module's I/O buffer size: hash-wasm's update takes at most this many bytes per call. */
const IO_BUFFER_BYTES = 16 * 1024;
const DIGEST_BYTES = 32;
const BLOCK_BYTES = 64;

/** SHA-256 on the vendored WebAssembly module, compiled synchronously (it is small). */
export function wasmSha256(): Sha256 {
  if (!WebAssembly) throw new Error("WebAssembly is not available");
  const module = new WebAssembly.Module(Buffer.from(SHA256_WASM_BASE64, "base64"));
  const wasm = new WebAssembly.Instance(module, {}).exports as Sha256Module;
  // The buffer's view is taken per call: the module's memory could grow and detach an older one.
  const io = (length: number) => new Uint8Array(wasm.memory.buffer, wasm.Hash_GetBuffer(), length);
  return (...parts) => {
    wasm.Hash_Init(256);
    for (const part of parts) {
      for (let offset = 0; offset < part.length; offset += IO_BUFFER_BYTES) {
        const chunk = part.subarray(offset, offset + IO_BUFFER_BYTES);
        io(chunk.length).set(chunk);
        wasm.Hash_Update(chunk.length);
      }
    }
    wasm.Hash_Final();
    return io(DIGEST_BYTES).slice();
  };
}

/** SHA-256 on node:crypto, for runtimes without WebAssembly. */
export function cryptoSha256(): Sha256 {
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  return (...parts) => {
    const hash = createHash("sha256");
    for (const part of parts) hash.update(part);
    return new Uint8Array(hash.digest());
  };
}

let sha256: Sha256 | undefined;
function defaultSha256(): Sha256 {
  sha256 ??= typeof WebAssembly === "object" && WebAssembly ? wasmSha256() : cryptoSha256();
  return sha256;
}

const encoder = new TextEncoder();
const bytesOf = (data: string | Uint8Array) => (typeof data === "string" ? encoder.encode(data) : data);
const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");

/** HMAC (RFC 2104) over a SHA-256 implementation. */
export function hmacWith(hash: Sha256, key: string | Uint8Array, data: string): Uint8Array {
  const keyBytes = bytesOf(key);
  const block = keyBytes.length > BLOCK_BYTES ? hash(keyBytes) : keyBytes;
  const inner = new Uint8Array(BLOCK_BYTES).fill(0x36);
  const outer = new Uint8Array(BLOCK_BYTES).fill(0x5c);
  for (let i = 0; i < block.length; i++) {
    inner[i] ^= block[i] as number;
    outer[i] ^= block[i] as number;
  }
  return hash(outer, hash(inner, bytesOf(data)));
}

/** Lower-case hex SHA-256 of a UTF-8 string. */
export function sha256Hex(data: string): string {
  return hex(defaultSha256()(bytesOf(data)));
}

/** HMAC-SHA256 of UTF-8 `data` under `key` (a UTF-8 string or raw bytes). */
export function hmacSha256(key: string | Uint8Array, data: string): Uint8Array {
  return hmacWith(defaultSha256(), key, data);
}

/** HMAC-SHA256 as lower-case hex. */
export function hmacSha256Hex(key: string | Uint8Array, data: string): string {
  return hex(hmacSha256(key, data));
}
