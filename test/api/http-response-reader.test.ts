import { HttpResponseReader, type RawHttpResponse } from "../../src/api/http-response-reader";

const MB = 1024 * 1024;

/** Feeds `bytes` in pieces of `size` bytes; the response once complete, else what `end()` gives. */
function readInPieces(bytes: Buffer, size: number, max = 16 * MB): RawHttpResponse {
  const reader = new HttpResponseReader(max);
  for (let at = 0; at < bytes.length; at += size) {
    const done = reader.feed(bytes.subarray(at, at + size));
    if (done) return done;
  }
  return reader.end();
}

describe("HttpResponseReader", () => {
  // "备x" is 4 bytes: a 3-byte character the piece boundaries split in every possible place.
  const chunked = Buffer.from(
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nX-Folded: a\r\n  b\r\nx-folded: c\r\n\r\n" +
      "4;ext=1\r\n备x\r\n" +
      "A \r\n0123456789\r\n" +
      "0\r\nX-Trailer: t\r\n\r\n" +
      "bytes after the response",
    "utf8",
  );

  it.each([1, 2, 3, 7, 64, 10_000])("decodes chunked framing fed %i byte(s) at a time", (size) => {
    const response = readInPieces(chunked, size);
    expect(response.status).toBe(200);
    expect(response.body.toString("utf8")).toBe("备x0123456789");
    expect(response.headers.get("x-folded")).toBe("a b, c");
    expect(response.headers.get("transfer-encoding")).toBe("gzip, chunked");
  });

  it("stops at Content-Length and ignores what follows", () => {
    const bytes = Buffer.from("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nabcdef");
    for (const size of [1, 4, 100]) expect(readInPieces(bytes, size)).toMatchObject({ status: 404 });
    expect(readInPieces(bytes, 1).body.toString()).toBe("abc");
  });

  it("completes a 204 and a zero-length body without waiting for the close", () => {
    const reader = new HttpResponseReader(MB);
    expect(reader.feed(Buffer.from("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n"))).toMatchObject({
      status: 204,
    });
    const empty = new HttpResponseReader(MB).feed(
      Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    );
    expect(empty?.body.length).toBe(0);
  });

  it("reads a body without framing until the close", () => {
    const reader = new HttpResponseReader(MB);
    expect(reader.feed(Buffer.from("HTTP/1.1 200 OK\r\n\r\npart one, "))).toBeUndefined();
    expect(reader.feed(Buffer.from("part two"))).toBeUndefined();
    expect(reader.end().body.toString()).toBe("part one, part two");
  });

  it("refuses conflicting or invalid Content-Length values", () => {
    for (const value of ["5, 6", "-1", "5x", ""]) {
      const reader = new HttpResponseReader(MB);
      expect(() => reader.feed(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${value}\r\n\r\n`))).toThrow(
        "bad Content-Length",
      );
    }
    const same = new HttpResponseReader(MB).feed(
      Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok"),
    );
    expect(same?.body.toString()).toBe("ok");
  });

  it("caps the body in every framing", () => {
    const head = "HTTP/1.1 200 OK\r\n";
    expect(() => readInPieces(Buffer.from(`${head}Content-Length: 11\r\n\r\n`), 100, 10)).toThrow(
      "response body larger than",
    );
    expect(() =>
      readInPieces(Buffer.from(`${head}Transfer-Encoding: chunked\r\n\r\nb\r\n`), 100, 10),
    ).toThrow("response body larger than");
    expect(() => readInPieces(Buffer.from(`${head}\r\n${"x".repeat(11)}`), 4, 10)).toThrow(
      "response body larger than",
    );
  });

  it("refuses chunk data longer than its size and endless headers", () => {
    const overlong = Buffer.from(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
    );
    expect(() => readInPieces(overlong, 5)).toThrow("chunk data longer than its size");
    const reader = new HttpResponseReader(MB);
    expect(() => {
      for (let i = 0; i < 100; i++) reader.feed(Buffer.from(`HTTP/1.1 200 OK\r\nX: ${"y".repeat(1024)}`));
    }).toThrow("headers larger than 64 KB");
  });

  it("reports a response cut short as ECONNRESET", () => {
    const reader = new HttpResponseReader(MB);
    reader.feed(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
    expect(() => reader.end()).toThrow(expect.objectContaining({ code: "ECONNRESET" }));
  });
});
