/**
 * SHA-256 and HMAC-SHA256 for request signing. The plan-time resolver hashes a few hundred bytes per lookup, and
 * the obvious sources cost more than the hashing: loading node:crypto takes about 6 ms, pure-JS SHA-256 runs cold
 * (interpreted) at about 2-3 ms, and an unrolled WebAssembly build compiles lazily for about 1 ms more, of a
 * ~40 ms budget (issue 6). Our own small module (sha256.wat: looped rounds, 1 KB) compiles and hashes a lookup's
 * worth in well under a millisecond. Where WebAssembly is off (`node --jitless`), node:crypto does the work.
 * Tests check both against node:crypto and published vectors.
 */
import { SHA256_WASM } from "./sha256-wasm";

/** The part of the WebAssembly JS API used here (tsconfig's libs do not declare it); absent under `--jitless`. */
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { readonly exports: unknown };
    }
  | undefined;

/** SHA-256 of the concatenated parts. */
type Sha256 = (...parts: Uint8Array[]) => Uint8Array;

/** The module's exports (src/api/sha256.wat). */
interface Sha256Module {
  readonly memory: { readonly buffer: ArrayBuffer };
  /** Hashes `count` blocks at INPUT_OFFSET; `start` 1 begins a hash, `finish` 1 writes the digest there. */
  hash(count: number, start: number, finish: number): void;
}

/** Where the module reads blocks and writes the digest. */
const INPUT_OFFSET = 1024;
/** Whole blocks that fit in the module's page after INPUT_OFFSET, with room left for the final padded blocks. */
const INPUT_CAPACITY = 64_448;
const DIGEST_BYTES = 32;
const BLOCK_BYTES = 64;

/** SHA-256 on the module of sha256.wat, compiled synchronously (1 KB); padding is done here. */
export function wasmSha256(): Sha256 {
  if (!WebAssembly) throw new Error("WebAssembly is not available");
  const wasm = new WebAssembly.Instance(new WebAssembly.Module(SHA256_WASM), {}).exports as Sha256Module;
  // The module never grows its memory, so one view serves every call.
  const memory = new Uint8Array(wasm.memory.buffer);
  return (...parts) => {
    let start = 1;
    let filled = 0;
    let total = 0;
    for (const part of parts) {
      total += part.length;
      for (let offset = 0; offset < part.length; ) {
        const take = Math.min(part.length - offset, INPUT_CAPACITY - filled);
        memory.set(part.subarray(offset, offset + take), INPUT_OFFSET + filled);
        filled += take;
        offset += take;
        if (filled === INPUT_CAPACITY) {
          wasm.hash(INPUT_CAPACITY / BLOCK_BYTES, start, 0);
          start = 0;
          filled = 0;
        }
      }
    }
    // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian integer ending a block.
    const end = (filled + 9 + BLOCK_BYTES - 1) & -BLOCK_BYTES;
    memory.fill(0, INPUT_OFFSET + filled, INPUT_OFFSET + end);
    memory[INPUT_OFFSET + filled] = 0x80;
    const lengthAt = INPUT_OFFSET + end - 8;
    const [high, low] = [Math.floor(total / 0x20000000), (total * 8) >>> 0];
    for (let i = 0; i < 4; i++) {
      memory[lengthAt + 3 - i] = high >>> (8 * i); // a byte array keeps the low 8 bits
      memory[lengthAt + 7 - i] = low >>> (8 * i);
    }
    wasm.hash(end / BLOCK_BYTES, start, 1);
    return memory.slice(INPUT_OFFSET, INPUT_OFFSET + DIGEST_BYTES);
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

// Buffer rather than TextEncoder: the transport uses Buffer anyway, and a first TextEncoder costs ~0.3 ms cold.
const bytesOf = (data: string | Uint8Array) => (typeof data === "string" ? Buffer.from(data, "utf8") : data);
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
