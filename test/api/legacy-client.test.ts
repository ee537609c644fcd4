import { createHmac } from "node:crypto";
import { resolveConnection } from "../../src/api/connection";
import { createLegacyClient, legacyStringToSign, signedLegacyParams } from "../../src/api/legacy-client";
import { ApiError } from "../../src/backups/errors";
import { type FakeServer, startFakeServer } from "./fake-server";

const credentials = { secretId: "AKIDEMULATOR00000000", secretKey: "emulator-secret-key-not-a-real-one" };

describe("legacy 2.0 signing", () => {
  it("signs GET + host + path + sorted params, underscores written as dots", () => {
    expect(
      legacyStringToSign("GET", "redis.api.qcloud.com", "/v2/index.php", { b: "2", a_x: "1", Action: "X" }),
    ).toBe("GETredis.api.qcloud.com/v2/index.php?Action=X&a.x=1&b=2");
  });

  it("produces base64 HMAC-SHA256 over the documented string with the required public params", () => {
    const connection = {
      credentials,
      region: "ap-guangzhou",
      endpoint: {
        url: "http://127.0.0.1:8000",
        protocol: "http://" as const,
        host: "127.0.0.1:8000",
        hostname: "127.0.0.1",
      },
    };
    const params = signedLegacyParams(
      connection,
      "GetRedisBackupList",
      { redisId: "crs-1", limit: "100", offset: "0" },
      1700000000,
      42,
    );
    const expected = createHmac("sha256", credentials.secretKey)
      .update(
        "GET127.0.0.1/v2/index.php?Action=GetRedisBackupList&Nonce=42&Region=ap-guangzhou&SecretId=AKIDEMULATOR00000000&SignatureMethod=HmacSHA256&Timestamp=1700000000&limit=100&offset=0&redisId=crs-1",
      )
      .digest("base64");
    expect(params["Signature"]).toBe(expected);
    expect(params).not.toHaveProperty("SecretKey");
  });
});

describe("legacy client over loopback", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function client(reply: Parameters<typeof startFakeServer>[0]) {
    server = await startFakeServer(reply);
    const connection = await resolveConnection({
      region: "ap-guangzhou",
      endpoint: server.url,
      api: "legacy",
      credentials,
      env: {},
      retry: { sleep: async () => {} },
    });
    return createLegacyClient(connection);
  }

  it("GETs /v2/index.php with a signature the server can verify", async () => {
    const api = await client(() => ({
      kind: "json",
      body: { code: 0, message: "", totalCount: 0, data: { redisBackupSet: [] } },
    }));
    await api.getRedisBackupList({
      redisId: "crs-1",
      limit: 100,
      offset: 200,
      beginTime: "2026-01-01 00:00:00",
    });
    const url = new URL(server!.requests[0]!.url, server!.url);
    expect(url.pathname).toBe("/v2/index.php");
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      Action: "GetRedisBackupList",
      redisId: "crs-1",
      limit: "100",
      offset: "200",
    });
    const { Signature, ...rest } = params;
    const host = new URL(server!.url).hostname; // signed and sent without the port
    const expected = createHmac("sha256", credentials.secretKey)
      .update(legacyStringToSign("GET", host, "/v2/index.php", rest))
      .digest("base64");
    expect(Signature).toBe(expected);
  });

  it("maps a non-zero code to a non-retried ApiError", async () => {
    const api = await client(() => ({
      kind: "json",
      body: { code: 4100, message: "auth failed", codeDesc: "AuthFailure.SignatureFailure" },
    }));
    const error = await api
      .getRedisBackupList({ redisId: "crs-1", limit: 100, offset: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("AuthFailure.SignatureFailure");
    expect((error as Error).message).toMatch(
      /^GetRedisBackupList failed: AuthFailure\.SignatureFailure: auth failed/,
    );
    expect(server!.requests).toHaveLength(1);
  });

  it("never quotes the token a proxy page echoes from the query, in either form, nor in a legacy message", async () => {
    const token = "canary/tok+en=(42)!ab~c'd";
    server = await startFakeServer((_n, _action, request) => ({
      kind: "raw",
      status: 403,
      // The token as it travels, URL-encoded in the query.
      body: `denied Token=${/[?&]Token=([^&]*)/.exec(request.url)?.[1]}`,
    }));
    const connection = await resolveConnection({
      region: "ap-guangzhou",
      endpoint: server.url,
      api: "legacy",
      credentials: { ...credentials, token },
      env: {},
    });
    const error = await createLegacyClient(connection)
      .getRedisBackupList({ redisId: "crs-1", limit: 100, offset: 0 })
      .catch((e: unknown) => e as Error);
    expect(error.message).toContain("HTTP 403: denied Token=***");
    expect(error.message).not.toContain("canary");
    await server.close();
    server = await startFakeServer(() => ({
      kind: "json",
      body: { code: 4100, codeDesc: "AuthFailure", message: `bad token ${token}` },
    }));
    const refused = await createLegacyClient(
      await resolveConnection({
        region: "ap-guangzhou",
        endpoint: server.url,
        api: "legacy",
        credentials: { ...credentials, token },
        env: {},
      }),
    )
      .getRedisBackupList({ redisId: "crs-1", limit: 100, offset: 0 })
      .catch((e: unknown) => e as Error);
    expect(refused.message).toContain("bad token ***");
  });

  it("retries HTTP 500", async () => {
    const api = await client((n) =>
      n === 1
        ? { kind: "raw", status: 500, body: "" }
        : { kind: "json", body: { code: 0, totalCount: 0, data: { redisBackupSet: [] } } },
    );
    await expect(api.getRedisBackupList({ redisId: "crs-1", limit: 100, offset: 0 })).resolves.toMatchObject({
      code: 0,
    });
    expect(server!.requests).toHaveLength(2);
  });
});
