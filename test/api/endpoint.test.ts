import fc from "fast-check";
import { parseEndpoint, resolveEndpoint, resolveRegion, serviceEndpoint } from "../../src/api/endpoint";
import { InvalidInputError } from "../../src/backups/errors";

describe("region", () => {
  it("takes the explicit region, else TENCENTCLOUD_REGION", () => {
    expect(resolveRegion("ap-beijing", { TENCENTCLOUD_REGION: "ap-guangzhou" })).toBe("ap-beijing");
    expect(resolveRegion(undefined, { TENCENTCLOUD_REGION: "ap-guangzhou" })).toBe("ap-guangzhou");
  });
  it("refuses anything but letters, digits and hyphens (it travels in a header)", () => {
    for (const region of [
      "ap guangzhou",
      "ap-广州",
      "ap-gz\r\nX-A: 1",
      "Guangzhou",
      "AP-GUANGZHOU",
      "guangzhou",
    ]) {
      expect(() => resolveRegion(region, {})).toThrow(
        /^region: ".*" is not a region; use e\.g\. ap-guangzhou$/,
      );
    }
  });
  it("accepts region ids as Tencent spells them", () => {
    for (const region of [
      "ap-guangzhou",
      "ap-shanghai-fsi",
      "na-siliconvalley",
      "eu-frankfurt",
      "ap-hongkong",
    ]) {
      expect(resolveRegion(region, {})).toBe(region);
    }
  });
  it("is invalid input naming the field when missing", () => {
    expect(() => resolveRegion(undefined, {})).toThrow(InvalidInputError);
    expect(() => resolveRegion(undefined, {})).toThrow(
      /^region: missing; .*TENCENTCLOUD_REGION where it runs$/,
    );
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
  it("follows the provider's TENCENTCLOUD_DOMAIN and TENCENTCLOUD_PROTOCOL when no endpoint is given", () => {
    const env = { TENCENTCLOUD_DOMAIN: "internal.tencentcloudapi.com", TENCENTCLOUD_PROTOCOL: "HTTP" };
    expect(resolveEndpoint(undefined, "ap-guangzhou", "v3", env).url).toBe(
      "http://redis.internal.tencentcloudapi.com",
    );
    // As the provider's SDK: the custom root domain as is, also in a financial region.
    expect(resolveEndpoint(undefined, "ap-shanghai-fsi", "v3", env).url).toBe(
      "http://redis.internal.tencentcloudapi.com",
    );
    const fsi = { TENCENTCLOUD_DOMAIN: "ap-shanghai-fsi.tencentcloudapi.com" };
    expect(resolveEndpoint(undefined, "ap-shanghai-fsi", "v3", fsi).url).toBe(
      "https://redis.ap-shanghai-fsi.tencentcloudapi.com",
    );
    expect(serviceEndpoint("sts", env)).toBe("http://sts.internal.tencentcloudapi.com");
    expect(serviceEndpoint("sts", {})).toBe("https://sts.tencentcloudapi.com");
    expect(resolveEndpoint(undefined, "ap-guangzhou", "v3", { TENCENTCLOUD_PROTOCOL: "https" }).url).toBe(
      "https://redis.tencentcloudapi.com",
    );
    // An endpoint given outright wins, and the legacy API keeps its own host.
    expect(resolveEndpoint("http://127.0.0.1:8000", "ap-guangzhou", "v3", env).host).toBe("127.0.0.1:8000");
    const fromEnv = { ...env, TENCENTCLOUD_REDIS_ENDPOINT: "http://127.0.0.1:9000" };
    expect(resolveEndpoint(undefined, "ap-guangzhou", "v3", fromEnv).host).toBe("127.0.0.1:9000");
    expect(resolveEndpoint(undefined, "ap-guangzhou", "legacy", env).url).toBe(
      "https://redis.api.qcloud.com",
    );
  });
  it("refuses a TENCENTCLOUD_PROTOCOL or TENCENTCLOUD_DOMAIN that makes no endpoint, naming the variable", () => {
    expect(() => resolveEndpoint(undefined, "ap-guangzhou", "v3", { TENCENTCLOUD_PROTOCOL: "ftp" })).toThrow(
      /^TENCENTCLOUD_PROTOCOL: "ftp" is not valid; use HTTP or HTTPS, or leave it unset$/,
    );
    for (const domain of ["bad domain", "example.com/path", "example.com:99999"]) {
      const error = (() => {
        try {
          resolveEndpoint(undefined, "ap-guangzhou", "v3", { TENCENTCLOUD_DOMAIN: domain });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(
        /^TENCENTCLOUD_DOMAIN: ".*" is not a domain; use a root domain/,
      );
    }
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

describe("parseEndpoint's shortcut for plain endpoints", () => {
  /** The reference: what parseEndpoint made of an endpoint with WHATWG URL alone. */
  function viaUrl(value: string) {
    try {
      const url = new URL(value);
      const pathOk = url.pathname === "/" || url.pathname === "";
      if (!["http:", "https:"].includes(url.protocol) || url.username || url.password) return "error";
      if (!pathOk || url.search || url.hash) return "error";
      const protocol = url.protocol === "http:" ? "http://" : "https://";
      const port = url.port ? Number(url.port) : undefined;
      return { url: `${protocol}${url.host}`, protocol, host: url.host, hostname: url.hostname, port };
    } catch {
      return "error";
    }
  }
  const outcome = (value: string) => {
    try {
      return { ...parseEndpoint(value) };
    } catch {
      return "error";
    }
  };

  it("gives exactly what URL gives, for tricky hosts and ports", () => {
    for (const value of [
      "http://127.0.0.1:8000",
      "https://redis.tencentcloudapi.com/",
      "http://localhost:80",
      "https://a.b:443",
      "https://a.b:444",
      "http://127.1:8000",
      "http://0x7f.0.0.1",
      "http://010.0.0.1:8000",
      "http://1.2.3.256",
      "http://a.1",
      "http://a.0x1",
      "http://xn--nxasmq6b.com",
      "http://xn--a.com",
      "http://a-.b-c",
      "http://EXAMPLE.com",
      "http://a.b:65535",
      "http://a.b:65536",
      "http://a.b:08080",
      "http://a.b.",
      "http://[::1]:8000",
      "http://a..b",
      "http://a.b/x",
      "http://a.b?x",
    ]) {
      expect([value, outcome(value)]).toEqual([value, viaUrl(value)]);
    }
  });

  it("gives exactly what URL gives, for generated endpoints", () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9-]{1,8}$/);
    const host = fc.oneof(
      fc.array(fc.oneof(label, fc.constantFrom("xn--", "xn--ls8h", "0x10", "00", "255", "256")), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.array(fc.nat(300).map(String), { minLength: 1, maxLength: 5 }),
    );
    const endpoint = fc
      .tuple(
        fc.constantFrom("http://", "https://", "HTTP://", "ftp://"),
        host.map((labels) => labels.join(".")),
        fc.option(fc.oneof(fc.nat(70_000).map(String), fc.constantFrom("080", "443", "80", "")), {
          nil: undefined,
        }),
        fc.constantFrom("", "/", "//", "/x"),
      )
      .map(([scheme, name, port, path]) => `${scheme}${name}${port === undefined ? "" : `:${port}`}${path}`);
    fc.assert(
      fc.property(endpoint, (value) => {
        expect(outcome(value)).toEqual(viaUrl(value));
      }),
      { numRuns: 3_000 },
    );
  });
});
