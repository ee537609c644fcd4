import { execFileSync } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { join } from "node:path";
import fc from "fast-check";
import {
  cryptoSha256,
  hmacSha256,
  hmacSha256Hex,
  hmacWith,
  sha256Hex,
  wasmSha256,
} from "../../src/api/hashing";

const root = join(__dirname, "../..");
const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe.each([
  ["WebAssembly (sha256.wat)", wasmSha256()],
  ["node:crypto (runtimes without WebAssembly)", cryptoSha256()],
])("SHA-256 on %s agrees with node:crypto", (_name, sha256) => {
  it("matches the published digests of '', 'abc' and the two-block FIPS 180-2 vector", () => {
    expect(hex(sha256(utf8("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256(utf8("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("hashes inputs around the module's 64,448-byte input area and the 55/56-byte padding edge", () => {
    for (const length of [55, 56, 63, 64, 64_447, 64_448, 64_449, 64_448 * 2 + 17, 300_000]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      const expected = createHash("sha256").update(data).digest("hex");
      expect(hex(sha256(data))).toBe(expected);
      expect(hex(sha256(data.subarray(0, 7), data.subarray(7)))).toBe(expected);
    }
  });

  it("hashes any bytes, split into any parts", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 20_000 }), { maxLength: 3 }), (parts) => {
        const expected = createHash("sha256");
        for (const part of parts) expected.update(part);
        expect(hex(sha256(...parts))).toBe(expected.digest("hex"));
      }),
      { numRuns: 100 },
    );
  });

  it("makes RFC 4231 HMAC-SHA256 (test case 2) and agrees with node:crypto for keys of any length", () => {
    expect(hex(hmacWith(sha256, "Jefe", "what do ya want for nothing?"))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ unit: "binary", maxLength: 500 }),
        (key, data) => {
          const expected = createHmac("sha256", Buffer.from(key)).update(data, "utf8").digest("hex");
          expect(hex(hmacWith(sha256, key, data))).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the signing helpers", () => {
  it("hash any UTF-8 text, including multi-byte characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 5000 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 200 },
    );
  });

  it("compute HMAC-SHA256 under string and byte keys, including keys longer than a block", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
        fc.string({ unit: "binary", maxLength: 2000 }),
        (key, data) => {
          const expected = createHmac("sha256", typeof key === "string" ? key : Buffer.from(key))
            .update(data, "utf8")
            .digest();
          expect(Buffer.from(hmacSha256(key, data))).toEqual(expected);
          expect(hmacSha256Hex(key, data)).toBe(expected.toString("hex"));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the WebAssembly module", () => {
  it("is what sha256.wat assembles to (scripts/build-sha256-wasm.mjs --check)", () => {
    expect(() =>
      execFileSync(process.execPath, [join(root, "scripts/build-sha256-wasm.mjs"), "--check"], {
        stdio: "pipe",
      }),
    ).not.toThrow();
  });
});
