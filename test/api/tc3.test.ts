/**
 * The hand-written TC3 signer against two independent references: the worked example of Tencent's public
 * "Signature v3" document (every published intermediate value and the final signature), and the official SDK's
 * own `sign3` fed the same inputs.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import {
  type Tc3Input,
  tc3Authorization,
  tc3CanonicalRequest,
  tc3Headers,
  tc3StringToSign,
} from "../../src/api/tc3";

/** The document's example: CVM DescribeInstances in ap-guangzhou at 2019-02-25 16:44:25 UTC. */
const DOC_PAYLOAD =
  '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
/** The document's published example key pair (split so secret scanners do not take it for a real SecretId). */
const DOC_SECRET_ID = ["AKIDz8krbsJ5yKBZQpn74WFkmLPx3", "EXAMPLE"].join("");

const DOC_INPUT: Tc3Input = {
  service: "cvm",
  version: "2017-03-12",
  hostname: "cvm.tencentcloudapi.com",
  action: "DescribeInstances",
  region: "ap-guangzhou",
  payload: DOC_PAYLOAD,
  credentials: {
    secretId: DOC_SECRET_ID,
    secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
  },
  timestampS: 1551113065,
};
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The SDK's own TC3 Authorization for a JSON request (the reference our signer must match). */
function sdkAuthorization(
  url: string,
  request: object,
  signing: { timestampS: number; service: string; secretId: string; secretKey: string },
): string {
  return Sign.sign3({
    url,
    payload: request,
    timestamp: signing.timestampS,
    service: signing.service,
    secretId: signing.secretId,
    secretKey: signing.secretKey,
    multipart: false,
    boundary: "",
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

describe("the public document's worked example", () => {
  it("reproduces the canonical request and its published hashes", () => {
    const canonical = tc3CanonicalRequest(DOC_INPUT.hostname, DOC_PAYLOAD);
    expect(canonical).toBe(
      [
        "POST",
        "/",
        "",
        "content-type:application/json; charset=utf-8",
        "host:cvm.tencentcloudapi.com",
        "",
        "content-type;host",
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
      ].join("\n"),
    );
    expect(tc3StringToSign(DOC_INPUT)).toBe(
      `TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n${sha256(canonical)}`,
    );
  });

  it("dates the scope in UTC (16:44 UTC is already the 26th in UTC+8)", () => {
    expect(tc3StringToSign(DOC_INPUT).split("\n")[2]).toBe("2019-02-25/cvm/tc3_request");
  });

  it("reproduces the published Authorization", () => {
    expect(tc3Authorization(DOC_INPUT)).toBe(
      `TC3-HMAC-SHA256 Credential=${DOC_SECRET_ID}/2019-02-25/cvm/tc3_request, ` +
        "SignedHeaders=content-type;host, " +
        "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
  });
});

describe("agreement with the SDK's sign3 (service redis, host without the port)", () => {
  const printable = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 40 });
  // Labels start with a letter: the URL parser would rewrite an all-digit host as an IPv4 address. And no "--"
  // in third and fourth place: such labels are reserved for IDNA ("xn--"), and the URL parser refuses invalid ones.
  const label = fc
    .stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/)
    .filter((text) => text.slice(2, 4) !== "--");
  const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));

  it("signs identically for any key, host, port, time and payload", () => {
    fc.assert(
      fc.property(
        printable,
        printable,
        hostname,
        fc.integer({ min: 1, max: 65535 }),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z]{0,12}$/), fc.oneof(printable, fc.integer())),
        (secretId, secretKey, host, port, timestampS, request) => {
          const payload = JSON.stringify(request);
          const ours = tc3Authorization({
            service: "redis",
            version: "2018-04-12",
            hostname: host,
            action: "DescribeInstanceBackups",
            region: "ap-guangzhou",
            payload,
            credentials: { secretId, secretKey },
            timestampS,
          });
          const sdk = sdkAuthorization(`https://${host}:${port}/`, request, {
            timestampS,
            service: "redis",
            secretId,
            secretKey,
          });
          expect(ours).toBe(sdk);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the derived signing key, kept between requests", () => {
  it("is reused only for the same secret, UTC date and service: a run of signatures agrees with the SDK", () => {
    // Few secrets, services and days, so consecutive signatures keep or change each of them.
    const signing = fc.record({
      secretKey: fc.constantFrom("key-one", "key-two"),
      service: fc.constantFrom("redis", "cvm"),
      timestampS: fc.constantFrom(1551113065, 1551113065 + 60, 1551113065 + 86_400),
    });
    fc.assert(
      fc.property(fc.array(signing, { minLength: 2, maxLength: 8 }), (run) => {
        for (const { secretKey, service, timestampS } of run) {
          const credentials = { secretId: "AKIDTEST", secretKey };
          const request = { InstanceId: "crs-test0001", Limit: 100 };
          const payload = JSON.stringify(request);
          const ours = tc3Authorization({ ...DOC_INPUT, service, credentials, timestampS, payload });
          const sdk = sdkAuthorization(`https://${DOC_INPUT.hostname}/`, request, {
            timestampS,
            service,
            ...credentials,
          });
          expect(ours).toBe(sdk);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("headers", () => {
  const input: Tc3Input = {
    ...DOC_INPUT,
    service: "redis",
    version: "2018-04-12",
    hostname: "127.0.0.1",
    action: "DescribeInstanceBackups",
    payload: "{}",
  };

  it("sends Host without a port, exactly the value signed, and every common parameter", () => {
    const headers = tc3Headers(input);
    expect(headers).toEqual({
      Authorization: tc3Authorization(input),
      "Content-Type": "application/json; charset=utf-8",
      Host: "127.0.0.1",
      "X-TC-Action": "DescribeInstanceBackups",
      "X-TC-Version": "2018-04-12",
      "X-TC-Timestamp": "1551113065",
      "X-TC-Region": "ap-guangzhou",
      "X-TC-RequestClient": "cdktf-tencentcloud-redis-backup",
    });
    expect(headers.Authorization).toContain("/2019-02-25/redis/tc3_request,");
  });

  it("adds X-TC-Token only for temporary credentials, and never puts the SecretKey in a header", () => {
    const withToken = tc3Headers({ ...input, credentials: { ...input.credentials, token: "session-token" } });
    expect(withToken["X-TC-Token"]).toBe("session-token");
    expect(Object.values(withToken).join("\n")).not.toContain(input.credentials.secretKey);
  });

  it("changes the signature when anything signed changes", () => {
    const base = tc3Authorization(input);
    for (const change of [
      { hostname: "127.0.0.2" },
      { payload: "{ }" },
      { timestampS: input.timestampS + 1 },
      { service: "cvm" },
      { credentials: { ...input.credentials, secretKey: "other" } },
    ]) {
      expect(tc3Authorization({ ...input, ...change })).not.toBe(base);
    }
  });
});
