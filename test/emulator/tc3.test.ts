/**
 * API 3.0 signature checks with requests signed by hand per the public TC3 document: what is accepted, and each
 * way a request is refused, with the real error codes.
 */
import { formatApiTime } from "../../src/backups/time";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { exchange, type Tc3Options, tc3Request, v3Response } from "./signer";

const INSTANCE = "crs-tc3sig01";
const NOW = Date.now();
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      instances: [
        {
          instanceId: INSTANCE,
          region: "ap-guangzhou",
          backups: [
            {
              BackupId: "b-1",
              StartTime: formatApiTime(NOW - 3_600_000),
              BackupType: "1",
              Status: 2,
              Locked: 0,
            },
          ],
        },
      ],
    },
  });
});
afterAll(() => emulator.close());

const LIST = { InstanceId: INSTANCE, Limit: 10 };
const port = () => new URL(emulator.url).port;

describe("accepted", () => {
  it("a request signed per the public doc: service redis, Host without the port, signed the same", async () => {
    const response = v3Response(await tc3Request(emulator.url, LIST));
    expect(response.TotalCount).toBe(1);
    expect(response.BackupSet[0].BackupId).toBe("b-1");
    expect(response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the Host header with its port, signed the same", async () => {
    const host = `127.0.0.1:${port()}`;
    const response = v3Response(await tc3Request(emulator.url, LIST, { hostHeader: host }));
    expect(response.TotalCount).toBe(1);
  });

  it("the SDK's reading: Host sent with the port, signed without it, service = the first label", async () => {
    const response = v3Response(
      await tc3Request(emulator.url, LIST, {
        hostHeader: `127.0.0.1:${port()}`,
        signedHost: "127.0.0.1",
        service: "127",
      }),
    );
    expect(response.TotalCount).toBe(1);
  });

  it("more signed headers, such as x-tc-action", async () => {
    const signedHeaders = "content-type;host;x-tc-action;x-tc-region";
    const response = v3Response(await tc3Request(emulator.url, LIST, { signedHeaders }));
    expect(response.TotalCount).toBe(1);
  });
});

describe("refused with the real codes", () => {
  const cases: [string, Tc3Options, string][] = [
    ["a tampered body", { sentBody: JSON.stringify({ ...LIST, Limit: 11 }) }, "AuthFailure.SignatureFailure"],
    ["a wrong SecretKey", { secretKey: "not-the-key" }, "AuthFailure.SignatureFailure"],
    ["an unknown SecretId", { secretId: "AKIDUNKNOWN000000000" }, "AuthFailure.SecretIdNotFound"],
    [
      "a timestamp 301 s old",
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
      "AuthFailure.SignatureExpire",
    ],
    [
      "a timestamp 10 minutes ahead",
      { timestamp: Math.floor(Date.now() / 1000) + 600 },
      "AuthFailure.SignatureExpire",
    ],
    ["a scope date that is not the UTC date", { date: "2001-01-01" }, "AuthFailure.InvalidAuthorization"],
    ["a service other than redis", { service: "cvm" }, "AuthFailure.InvalidAuthorization"],
    ["SignedHeaders without content-type", { signedHeaders: "host" }, "AuthFailure.InvalidAuthorization"],
    ["SignedHeaders without host", { signedHeaders: "content-type" }, "AuthFailure.InvalidAuthorization"],
    [
      "a signed X-TC-Action that is not the one sent",
      { signedHeaders: "content-type;host;x-tc-action", signedAction: "RestoreInstance" },
      "AuthFailure.SignatureFailure",
    ],
    [
      "a host signed that is not the one sent",
      { signedHost: "redis.tencentcloudapi.com" },
      "AuthFailure.SignatureFailure",
    ],
    ["another API version", { version: "2017-03-12" }, "NoSuchVersion"],
    ["no X-TC-Version", { version: null }, "MissingParameter"],
    ["no X-TC-Region", { region: null }, "MissingParameter"],
    ["a form body", { contentType: "application/x-www-form-urlencoded" }, "InvalidParameter"],
    ["a body that is not JSON", { body: "{InstanceId:" }, "InvalidParameter"],
    ["a body that is a JSON array", { body: "[1]" }, "InvalidParameter"],
    ["an unknown action", { action: "DescribeEverything" }, "InvalidAction"],
  ];

  it.each(cases)("%s", async (_name, options, code) => {
    const response = v3Response(await tc3Request(emulator.url, LIST, options));
    expect(response.Error.Code).toBe(code);
    expect(response.Error.Message).toEqual(expect.any(String));
    expect(response.RequestId).toEqual(expect.any(String));
    expect(response.TotalCount).toBeUndefined();
  });

  it("a missing or foreign Authorization header", async () => {
    for (const authorization of [undefined, "Basic dXNlcjpwYXNz", "TC3-HMAC-SHA256 Credential=x"]) {
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "X-TC-Action": "DescribeInstanceBackups",
        "X-TC-Version": "2018-04-12",
        "X-TC-Region": "ap-guangzhou",
        "X-TC-Timestamp": String(Math.floor(Date.now() / 1000)),
      };
      if (authorization) headers.Authorization = authorization;
      const answer = await exchange(emulator.url, { method: "POST", path: "/", headers, body: "{}" });
      expect(v3Response(answer).Error.Code).toBe("AuthFailure.InvalidAuthorization");
    }
  });

  it("paths and methods that are not the API's get 404", async () => {
    const answer = await exchange(emulator.url, { method: "GET", path: "/", headers: {} });
    expect(answer.status).toBe(404);
  });
});

describe("the emulator clock", () => {
  it("expires signatures against the `now` option, not the machine clock", async () => {
    const past = Date.UTC(2020, 0, 1, 12);
    const frozen = await startEmulator({ now: () => past });
    try {
      const fresh = v3Response(await tc3Request(frozen.url, LIST));
      expect(fresh.Error.Code).toBe("AuthFailure.SignatureExpire");
      const then = v3Response(await tc3Request(frozen.url, LIST, { timestamp: past / 1000 }));
      expect(then.Error.Code).toBe("ResourceNotFound.InstanceNotExists"); // signature fine; no such instance
    } finally {
      await frozen.close();
    }
  });

  it("checks signatures against configured credentials", async () => {
    const custom = await startEmulator({ credentials: { secretId: "AKIDCUSTOM", secretKey: "custom-key" } });
    try {
      expect(custom.secretId).toBe("AKIDCUSTOM");
      const defaults = v3Response(await tc3Request(custom.url, LIST));
      expect(defaults.Error.Code).toBe("AuthFailure.SecretIdNotFound");
      const signed = v3Response(
        await tc3Request(custom.url, LIST, { secretId: "AKIDCUSTOM", secretKey: "custom-key" }),
      );
      expect(signed.Error.Code).toBe("ResourceNotFound.InstanceNotExists");
    } finally {
      await custom.close();
    }
  });
});
