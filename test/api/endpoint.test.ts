import { parseEndpoint, resolveEndpoint, resolveRegion } from "../../src/api/endpoint";
import { InvalidInputError } from "../../src/backups/errors";

describe("region", () => {
  it("takes the explicit region, else TENCENTCLOUD_REGION", () => {
    expect(resolveRegion("ap-beijing", { TENCENTCLOUD_REGION: "ap-guangzhou" })).toBe("ap-beijing");
    expect(resolveRegion(undefined, { TENCENTCLOUD_REGION: "ap-guangzhou" })).toBe("ap-guangzhou");
  });
  it("is invalid input naming the field when missing", () => {
    expect(() => resolveRegion(undefined, {})).toThrow(InvalidInputError);
    expect(() => resolveRegion(undefined, {})).toThrow(/^region: missing; .*TENCENTCLOUD_REGION$/);
  });
});

describe("endpoint", () => {
  it("defaults to the public API 3.0 endpoint", () => {
    expect(resolveEndpoint(undefined, "ap-guangzhou", "v3", {}).url).toBe(
      "https://redis.tencentcloudapi.com",
    );
  });
  it("uses the regional host for financial regions", () => {
    const endpoint = resolveEndpoint(undefined, "ap-shanghai-fsi", "v3", {});
    expect(endpoint.url).toBe("https://redis.ap-shanghai-fsi.tencentcloudapi.com");
    expect(endpoint.host).toBe("redis.ap-shanghai-fsi.tencentcloudapi.com");
  });
  it("defaults the legacy dialect to redis.api.qcloud.com", () => {
    expect(resolveEndpoint(undefined, "ap-guangzhou", "legacy", {}).url).toBe("https://redis.api.qcloud.com");
  });
  it("prefers the explicit endpoint, then TENCENTCLOUD_REDIS_ENDPOINT", () => {
    const env = { TENCENTCLOUD_REDIS_ENDPOINT: "http://127.0.0.1:9000" };
    expect(resolveEndpoint("http://127.0.0.1:8000", "ap-guangzhou", "v3", env).host).toBe("127.0.0.1:8000");
    const fromEnv = resolveEndpoint(undefined, "ap-guangzhou", "v3", env);
    expect(fromEnv).toMatchObject({
      protocol: "http://",
      host: "127.0.0.1:9000",
      hostname: "127.0.0.1",
      port: 9000,
    });
  });
  it.each([
    "127.0.0.1:8000",
    "ftp://example.com",
    "http://127.0.0.1:8000/v2",
    "https://x.example?y=1",
    "not a url",
  ])("rejects %s with a one-line fix", (value) => {
    expect(() => parseEndpoint(value)).toThrow(
      /^endpoint: .*; use a URL such as http:\/\/127\.0\.0\.1:8000$/,
    );
  });
});
