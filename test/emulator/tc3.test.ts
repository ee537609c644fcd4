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

const SEED = {
  instances: [
    {
      instanceId: INSTANCE,
      region: "ap-guangzhou",
      backups: [
        { BackupId: "b-1", StartTime: formatApiTime(NOW - 3_600_000), BackupType: "1", Status: 2, Locked: 0 },
      ],
    },
  ],
};

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED });
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

  it("the SDK's reading (Host sent with the port, signed without it, service = the first label) only when asked", async () => {
    const sdkReading = (url: string) => ({
      hostHeader: `127.0.0.1:${new URL(url).port}`,
      signedHost: "127.0.0.1",
      service: "127",
    });
    const strict = v3Response(await tc3Request(emulator.url, LIST, sdkReading(emulator.url)));
    expect(strict.Error.Code).toBe("AuthFailure.InvalidAuthorization");
    const lenient = await startEmulator({ seed: SEED, sdkCompatible: true });
    try {
      const response = v3Response(await tc3Request(lenient.url, LIST, sdkReading(lenient.url)));
      expect(response.TotalCount).toBe(1);
      // Only the service label was lenient: signed with service redis, the host reading alone must pass too.
      const hostOnly = { ...sdkReading(lenient.url), service: "redis" };
      expect(v3Response(await tc3Request(lenient.url, LIST, hostOnly)).TotalCount).toBe(1);
      expect(v3Response(await tc3Request(emulator.url, LIST, hostOnly)).Error.Code).toBe(
        "AuthFailure.SignatureFailure",
      );
    } finally {
      await lenient.close();
    }
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
      "SignedHeaders not in ASCII order (TC3 signs them sorted)",
      { signedHeaders: "host;content-type" },
      "AuthFailure.SignatureFailure",
    ],
    [
      "a SignedHeaders name twice",
      { signedHeaders: "content-type;host;host" },
      "AuthFailure.SignatureFailure",
    ],
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
    ["no X-TC-Action", { action: null }, "MissingParameter"],
    ["a region Tencent does not have", { region: "mars-1" }, "UnsupportedRegion"],
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

  it("GET on API 3.0 (valid on the service, not emulated) is answered UnsupportedOperation; other paths get 404", async () => {
    const get = await exchange(emulator.url, {
      method: "GET",
      path: "/?InstanceId=crs-x&Limit=5",
      headers: {},
    });
    expect(v3Response(get).Error.Code).toBe("UnsupportedOperation");
    const elsewhere = await exchange(emulator.url, { method: "GET", path: "/v3/", headers: {} });
    expect(elsewhere.status).toBe(404);
  });
});

describe("integer parameters beyond their documented range", () => {
  it.each([
    ["an Offset beyond int64", `{"InstanceId":"${INSTANCE}","Limit":1,"Offset":9223372036854775808}`],
    [
      "an Offset beyond Number.MAX_SAFE_INTEGER",
      `{"InstanceId":"${INSTANCE}","Limit":1,"Offset":9007199254740993}`,
    ],
  ])("%s: InvalidParameterValue", async (_name, body) => {
    const response = v3Response(await tc3Request(emulator.url, {}, { body }));
    expect(response.Error.Code).toBe("InvalidParameterValue");
  });

  it("DescribeInstances takes a Limit up to its documented 1000, no more", async () => {
    const call = (Limit: number) =>
      tc3Request(emulator.url, { Limit }, { action: "DescribeInstances" }).then(v3Response);
    expect((await call(1000)).TotalCount).toBe(1);
    expect((await call(1001)).Error.Code).toBe("InvalidParameterValue");
    expect((await call(-1)).Error.Code).toBe("InvalidParameterValue");
  });
});

describe("regions", () => {
  it("answers UnsupportedRegion, naming it, for a region Tencent does not have", async () => {
    const response = v3Response(await tc3Request(emulator.url, LIST, { region: "mars-1" }));
    expect(response.Error).toEqual({
      Code: "UnsupportedRegion",
      Message: "The region `mars-1` is not supported",
    });
  });

  it("serves Tencent's regions, financial ones too, even without an instance there", async () => {
    for (const region of ["ap-beijing", "na-siliconvalley", "ap-shenzhen-fsi"]) {
      const response = v3Response(await tc3Request(emulator.url, LIST, { region }));
      expect(response.Error.Code).toBe("ResourceNotFound.InstanceNotExists");
    }
  });

  it("serves a seeded instance's region even when it is not Tencent's", async () => {
    const custom = await startEmulator({
      seed: { instances: [{ instanceId: INSTANCE, region: "xx-lab-1", backups: [] }] },
    });
    try {
      const response = v3Response(await tc3Request(custom.url, LIST, { region: "xx-lab-1" }));
      expect(response.TotalCount).toBe(0);
      const other = v3Response(await tc3Request(custom.url, LIST, { region: "xx-lab-2" }));
      expect(other.Error.Code).toBe("UnsupportedRegion");
    } finally {
      await custom.close();
    }
  });
});

describe("security tokens", () => {
  const TEMPORARY = { secretId: "AKIDTEMPORARY", secretKey: "temporary-key", token: "session-token-1" };
  const signed = { secretId: TEMPORARY.secretId, secretKey: TEMPORARY.secretKey };

  it("a temporary key's requests must carry exactly its token (AuthFailure.TokenFailure)", async () => {
    const temporary = await startEmulator({ credentials: TEMPORARY });
    try {
      const call = (token?: string) =>
        tc3Request(temporary.url, LIST, { ...signed, ...(token === undefined ? {} : { token }) }).then(
          v3Response,
        );
      expect((await call()).Error.Code).toBe("AuthFailure.TokenFailure");
      expect((await call("")).Error.Code).toBe("AuthFailure.TokenFailure");
      expect((await call("session-token-2")).Error.Code).toBe("AuthFailure.TokenFailure");
      expect((await call(TEMPORARY.token)).Error.Code).toBe("ResourceNotFound.InstanceNotExists"); // admitted
      expect(JSON.stringify(temporary.requestLog)).not.toContain(TEMPORARY.token);
    } finally {
      await temporary.close();
    }
  });

  it("with unexpectedToken refuse, a token sent with a permanent key is refused", async () => {
    const permanent = await startEmulator({ unexpectedToken: "refuse" });
    try {
      const refused = v3Response(await tc3Request(permanent.url, LIST, { token: "stray-token" }));
      expect(refused.Error.Code).toBe("AuthFailure.TokenFailure");
      expect(refused.Error.Message).toMatch(/permanent key/);
      const plain = v3Response(await tc3Request(permanent.url, LIST));
      expect(plain.Error.Code).toBe("ResourceNotFound.InstanceNotExists");
    } finally {
      await permanent.close();
    }
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
