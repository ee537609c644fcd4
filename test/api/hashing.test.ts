import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { hmacSha256, hmacSha256Hex, sha256Hex } from "../../src/api/hashing";

describe("hashing (pure JS) agrees with node:crypto", () => {
  it("matches the published SHA-256 of the empty string and of 'abc'", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes any UTF-8 text, including multi-byte characters and long payloads", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 5000 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 300 },
    );
  });

  it("computes HMAC-SHA256 under string and byte keys, including keys longer than a block", () => {
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
      { numRuns: 300 },
    );
  });
});
