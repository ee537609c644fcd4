import dns from "node:dns";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCredentials } from "../../src/api/credentials";
import { ApiError, InvalidInputError } from "../../src/backups/errors";

const ID = "AKIDEMULATOR00000000";
const KEY = "emulator-secret-key-not-a-real-one";

describe("resolveCredentials", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "crs-cred-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the key pair and the provider's security token from the environment", async () => {
    const env = {
      TENCENTCLOUD_SECRET_ID: ID,
      TENCENTCLOUD_SECRET_KEY: KEY,
      TENCENTCLOUD_SECURITY_TOKEN: "tok-a",
    };
    await expect(resolveCredentials({ env, profileDir: dir })).resolves.toEqual({
      secretId: ID,
      secretKey: KEY,
      token: "tok-a",
    });
  });

  it("accepts the SDK's TENCENTCLOUD_SESSION_TOKEN, the provider's name winning when both are set", async () => {
    const env = {
      TENCENTCLOUD_SECRET_ID: ID,
      TENCENTCLOUD_SECRET_KEY: KEY,
      TENCENTCLOUD_SESSION_TOKEN: "tok-s",
    };
    expect((await resolveCredentials({ env, profileDir: dir })).token).toBe("tok-s");
    const both = { ...env, TENCENTCLOUD_SECURITY_TOKEN: "tok-p" };
    expect((await resolveCredentials({ env: both, profileDir: dir })).token).toBe("tok-p");
  });

  it("prefers the environment over a profile file", async () => {
    await writeFile(
      join(dir, "default.credential"),
      JSON.stringify({ secretId: "from-file", secretKey: "k" }),
    );
    const env = { TENCENTCLOUD_SECRET_ID: ID, TENCENTCLOUD_SECRET_KEY: KEY };
    expect((await resolveCredentials({ env, profileDir: dir })).secretId).toBe(ID);
  });

  it("reads <profile>.credential from TENCENTCLOUD_SHARED_CREDENTIALS_DIR", async () => {
    await writeFile(join(dir, "ci.credential"), JSON.stringify({ secretId: ID, secretKey: KEY }));
    const env = { TENCENTCLOUD_PROFILE: "ci", TENCENTCLOUD_SHARED_CREDENTIALS_DIR: dir };
    await expect(resolveCredentials({ env })).resolves.toEqual({ secretId: ID, secretKey: KEY });
  });

  it("uses the default profile from HOME/.tccli", async () => {
    await import("node:fs/promises").then((fs) => fs.mkdir(join(dir, ".tccli")));
    await writeFile(
      join(dir, ".tccli", "default.credential"),
      JSON.stringify({ secretId: ID, secretKey: KEY }),
    );
    await expect(resolveCredentials({ env: { HOME: dir } })).resolves.toEqual({
      secretId: ID,
      secretKey: KEY,
    });
  });

  it("fails naming the file when a named profile is missing, without echoing secrets", async () => {
    const env = { TENCENTCLOUD_PROFILE: "nope", TENCENTCLOUD_SHARED_CREDENTIALS_DIR: dir };
    await expect(resolveCredentials({ env })).rejects.toThrow(/nope\.credential/);
  });

  it("rejects a profile file without a secretKey and never prints its content", async () => {
    await writeFile(join(dir, "default.credential"), JSON.stringify({ secretId: "only-id-xyz" }));
    const error = await resolveCredentials({ env: {}, profileDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).not.toContain("only-id-xyz");
  });

  it("fails with exit 2 and the documented message when nothing is configured", async () => {
    const error = await resolveCredentials({ env: {}, profileDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).exitCode).toBe(2);
    expect((error as InvalidInputError).field).toBe("credentials");
    expect((error as Error).message).toBe(
      "no Tencent Cloud credentials found; set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (or TENCENTCLOUD_PROFILE, TENCENTCLOUD_CAM_ROLE_NAME)",
    );
  });

  it.each([
    [
      { TENCENTCLOUD_SECRET_ID: ID },
      /^TENCENTCLOUD_SECRET_KEY: missing while TENCENTCLOUD_SECRET_ID is set;/,
    ],
    [
      { TENCENTCLOUD_SECRET_KEY: KEY },
      /^TENCENTCLOUD_SECRET_ID: missing while TENCENTCLOUD_SECRET_KEY is set;/,
    ],
    [
      { TENCENTCLOUD_SECURITY_TOKEN: "t" },
      /^TENCENTCLOUD_SECRET_ID: missing while TENCENTCLOUD_SECURITY_TOKEN is set;/,
    ],
  ])("refuses half a key pair instead of falling back to a profile, as the provider does: %j", async (env, message) => {
    await writeFile(
      join(dir, "default.credential"),
      JSON.stringify({ secretId: "from-file", secretKey: "k" }),
    );
    const error = await resolveCredentials({ env, profileDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(KEY);
  });

  it.each([
    ["TENCENTCLOUD_SECRET_ID", { TENCENTCLOUD_SECRET_ID: "AKID€x", TENCENTCLOUD_SECRET_KEY: KEY }],
    ["TENCENTCLOUD_SECRET_KEY", { TENCENTCLOUD_SECRET_ID: ID, TENCENTCLOUD_SECRET_KEY: "sec ret" }],
    [
      "TENCENTCLOUD_SECURITY_TOKEN",
      { TENCENTCLOUD_SECRET_ID: ID, TENCENTCLOUD_SECRET_KEY: KEY, TENCENTCLOUD_SECURITY_TOKEN: "to\nken" },
    ],
    [
      "TENCENTCLOUD_SESSION_TOKEN",
      { TENCENTCLOUD_SECRET_ID: ID, TENCENTCLOUD_SECRET_KEY: KEY, TENCENTCLOUD_SESSION_TOKEN: "tok\u0007" },
    ],
  ])("refuses a value that cannot be sent in a header, naming %s and not the value", async (name, env) => {
    const error = await resolveCredentials({ env, profileDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(
      new RegExp(`^${name}: contains a space, control or non-ASCII character`),
    );
    for (const value of Object.values(env)) expect((error as Error).message).not.toContain(value);
  });

  it("refuses a profile value that cannot be sent, naming the file and field", async () => {
    await writeFile(join(dir, "default.credential"), JSON.stringify({ secretId: ID, secretKey: "bad key" }));
    await expect(resolveCredentials({ env: {}, profileDir: dir })).rejects.toThrow(
      /default\.credential: secretKey: contains/,
    );
  });

  it.each([
    "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN",
    "TENCENTCLOUD_ASSUME_ROLE_SAML_ASSERTION",
    "TENCENTCLOUD_ASSUME_ROLE_SERIAL_NUMBER",
    "TENCENTCLOUD_MFA_CERTIFICATION_SERIAL_NUMBER",
  ])("refuses %s (a sign-in the provider knows and we do not) rather than act as another identity", async (name) => {
    const env = { TENCENTCLOUD_SECRET_ID: ID, TENCENTCLOUD_SECRET_KEY: KEY, [name]: "x" };
    await expect(resolveCredentials({ env, profileDir: dir })).rejects.toThrow(
      new RegExp(`^${name}: .* not supported`),
    );
  });

  describe("CVM role", () => {
    let server: http.Server;
    let base: string;
    const paths: string[] = [];
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        paths.push(req.url ?? "");
        if (req.url?.endsWith("/slow-role")) return; // never answers: the client's timeout must fire
        if (req.url?.endsWith("/flaky-role") && paths.filter((p) => p.endsWith("/flaky-role")).length === 1) {
          res.writeHead(503).end();
          return;
        }
        if (!req.url?.endsWith("/ci-role") && !req.url?.endsWith("/flaky-role")) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            TmpSecretId: "tmp-id",
            TmpSecretKey: "tmp-key",
            Token: "tmp-token",
            Code: "Success",
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/latest/meta-data/cam/security-credentials`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("reads temporary credentials for TENCENTCLOUD_CAM_ROLE_NAME from the metadata server", async () => {
      const env = { TENCENTCLOUD_CAM_ROLE_NAME: "ci-role" };
      await expect(resolveCredentials({ env, profileDir: dir, metadataEndpoint: base })).resolves.toEqual({
        secretId: "tmp-id",
        secretKey: "tmp-key",
        token: "tmp-token",
      });
      expect(paths).toContain("/latest/meta-data/cam/security-credentials/ci-role");
    });

    it("tries three times with a short timeout when the metadata server does not answer, then exits 4", async () => {
      const env = { TENCENTCLOUD_CAM_ROLE_NAME: "slow-role" };
      const before = paths.length;
      const error = await resolveCredentials({
        env,
        profileDir: dir,
        metadataEndpoint: base,
        timeoutMs: 200,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).exitCode).toBe(4);
      expect((error as Error).message).toBe(
        'TENCENTCLOUD_CAM_ROLE_NAME "slow-role": the CVM metadata server did not answer (timeout) in 3 tries; try again, or check this CVM\'s network',
      );
      expect(paths.length - before).toBe(3);
    });

    it("rides out a metadata server that fails once (HTTP 503)", async () => {
      const env = { TENCENTCLOUD_CAM_ROLE_NAME: "flaky-role" };
      const credentials = await resolveCredentials({ env, profileDir: dir, metadataEndpoint: base });
      expect(credentials.secretId).toBe("tmp-id");
      expect(paths.filter((p) => p.endsWith("/flaky-role"))).toHaveLength(2);
    });

    /**
     * The CVM role read with every lookup of the metadata host failing with `code`; returns the error and how
     * many lookups were made. Tests stay off the network: the name fails here as it does off a CVM (or in a DNS
     * hiccup), without asking a resolver.
     */
    async function withFailingLookup(code: string): Promise<{ error: unknown; lookups: number }> {
      const original = dns.lookup;
      let lookups = 0;
      (dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => {
        lookups++;
        const callback = rest.at(-1) as (error: Error) => void;
        process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code })));
      };
      const error = await resolveCredentials({
        env: { TENCENTCLOUD_CAM_ROLE_NAME: "ci-role" },
        profileDir: dir,
        metadataEndpoint: "http://metadata.invalid/latest/meta-data/cam/security-credentials",
      })
        .catch((e: unknown) => e)
        .finally(() => {
          (dns as { lookup: unknown }).lookup = original;
        });
      return { error, lookups };
    }

    it("retries a passing DNS failure (EAI_AGAIN), then reports a network failure (exit 4)", async () => {
      const { error, lookups } = await withFailingLookup("EAI_AGAIN");
      expect(error).toBeInstanceOf(ApiError);
      expect((error as Error).message).toMatch(/did not answer \(EAI_AGAIN\) in 3 tries/);
      expect(lookups).toBe(3);
    });

    it("says a metadata host that does not resolve means this is not a CVM (exit 2)", async () => {
      const { error, lookups } = await withFailingLookup("ENOTFOUND");
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(
        /metadata\.invalid does not resolve: it is reachable only from a Tencent Cloud CVM/,
      );
      expect(lookups).toBe(1);
    });

    it("assumes the profile's role on top of the CVM role when no key variable is set, as the provider does", async () => {
      const { startFakeServer } = await import("./fake-server");
      const sts = await startFakeServer(() => ({
        kind: "json",
        body: {
          Response: {
            Credentials: { TmpSecretId: "assumed-id", TmpSecretKey: "k", Token: "t" },
            RequestId: "r",
          },
        },
      }));
      try {
        const profile = {
          secretId: ID,
          secretKey: KEY,
          "role-arn": "qcs::cam::uin/1:roleName/p",
          "role-session-name": "s",
        };
        await writeFile(join(dir, "default.credential"), JSON.stringify(profile));
        const env = { TENCENTCLOUD_CAM_ROLE_NAME: "ci-role" };
        const credentials = await resolveCredentials({
          env,
          profileDir: dir,
          metadataEndpoint: base,
          stsEndpoint: sts.url,
        });
        expect(credentials.secretId).toBe("assumed-id");
        // Signed with the CVM role's temporary key: the profile's own keys are replaced.
        expect(sts.requests[0]!.headers.authorization).toContain("Credential=tmp-id/");
      } finally {
        await sts.close();
      }
    });

    it.each([
      [
        "a profile with only a role and no keys",
        JSON.stringify({ "role-arn": "qcs::cam::uin/1:roleName/p" }),
      ],
      ["an empty profile", "{}"],
      ["a profile that is not JSON", "not json"],
    ])("still uses the CVM role with %s (only the profile's role would matter)", async (_name, text) => {
      await writeFile(join(dir, "default.credential"), text);
      const env = { TENCENTCLOUD_CAM_ROLE_NAME: "ci-role" };
      const credentials = await resolveCredentials({ env, profileDir: dir, metadataEndpoint: base });
      expect(credentials.secretId).toBe("tmp-id");
    });

    it("uses the role instead of the environment's key pair, as the provider does", async () => {
      const env = {
        TENCENTCLOUD_CAM_ROLE_NAME: "ci-role",
        TENCENTCLOUD_SECRET_ID: ID,
        TENCENTCLOUD_SECRET_KEY: KEY,
      };
      const credentials = await resolveCredentials({ env, profileDir: dir, metadataEndpoint: base });
      expect(credentials.secretId).toBe("tmp-id");
    });

    it("reports an unknown role as invalid configuration", async () => {
      const env = { TENCENTCLOUD_CAM_ROLE_NAME: "other" };
      await expect(
        resolveCredentials({ env, profileDir: dir, metadataEndpoint: base }),
      ).rejects.toBeInstanceOf(InvalidInputError);
    });
  });
});

describe("assume role", () => {
  async function withSts<T>(run: (url: string, requests: { action: string; body: string }[]) => Promise<T>) {
    const { startFakeServer } = await import("./fake-server");
    let issued = 0;
    const server = await startFakeServer(() => {
      issued++;
      const Credentials = { TmpSecretId: `role-id-${issued}`, TmpSecretKey: "role-key", Token: "role-token" };
      return { kind: "json", body: { Response: { Credentials, RequestId: "r" } } };
    });
    try {
      return await run(server.url, server.requests);
    } finally {
      await server.close();
    }
  }

  it.each([
    [
      { TENCENTCLOUD_ASSUME_ROLE_ARN: "qcs::cam::uin/100:roleName/ci" },
      /^TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: missing while TENCENTCLOUD_ASSUME_ROLE_ARN is set/,
    ],
    [
      { TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: "p" },
      /^TENCENTCLOUD_ASSUME_ROLE_ARN: missing while TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME is set/,
    ],
    [
      {
        TENCENTCLOUD_ASSUME_ROLE_ARN: "a",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: "p",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: "43201",
      },
      /^TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: "43201" is not a whole number of seconds from 1 to 43200/,
    ],
  ])("refuses half an assume-role configuration before any call: %j", async (role, message) => {
    await withSts(async (url, requests) => {
      const env = { TENCENTCLOUD_SECRET_ID: ID, TENCENTCLOUD_SECRET_KEY: KEY, ...role };
      await expect(resolveCredentials({ env, stsEndpoint: url })).rejects.toThrow(message);
      expect(requests).toHaveLength(0);
    });
  });

  it("reads a session duration of 0 (here 00) as the provider's default 7200 s", async () => {
    await withSts(async (url, requests) => {
      const env = {
        TENCENTCLOUD_SECRET_ID: ID,
        TENCENTCLOUD_SECRET_KEY: KEY,
        TENCENTCLOUD_ASSUME_ROLE_ARN: "qcs::cam::uin/1:roleName/e",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: "s",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: "00",
      };
      await resolveCredentials({ env, stsEndpoint: url });
      expect(JSON.parse(requests[0]!.body).DurationSeconds).toBe(7200);
    });
  });

  it("assumes the profile's role-arn, then the environment's role on top of it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "crs-cred-"));
    try {
      const profile = {
        secretId: ID,
        secretKey: KEY,
        "role-arn": "qcs::cam::uin/1:roleName/p",
        "role-session-name": "from-profile",
      };
      await writeFile(join(dir, "default.credential"), JSON.stringify(profile));
      await withSts(async (url, requests) => {
        const env = {
          TENCENTCLOUD_ASSUME_ROLE_ARN: "qcs::cam::uin/1:roleName/e",
          TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: "from-env",
          TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID: "ext-1",
        };
        const credentials = await resolveCredentials({ env, profileDir: dir, stsEndpoint: url });
        expect(credentials.secretId).toBe("role-id-2");
        expect(requests.map((r) => JSON.parse(r.body))).toEqual([
          { RoleArn: "qcs::cam::uin/1:roleName/p", RoleSessionName: "from-profile", DurationSeconds: 7200 },
          {
            RoleArn: "qcs::cam::uin/1:roleName/e",
            RoleSessionName: "from-env",
            DurationSeconds: 7200,
            ExternalId: "ext-1",
          },
        ]);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("exchanges the base credentials through STS AssumeRole with the session name and duration", async () => {
    const { startFakeServer } = await import("./fake-server");
    const server = await startFakeServer(() => ({
      kind: "json",
      body: {
        Response: {
          Credentials: { TmpSecretId: "role-id", TmpSecretKey: "role-key", Token: "role-token" },
          RequestId: "r",
        },
      },
    }));
    try {
      const env = {
        TENCENTCLOUD_SECRET_ID: ID,
        TENCENTCLOUD_SECRET_KEY: KEY,
        TENCENTCLOUD_ASSUME_ROLE_ARN: "qcs::cam::uin/100:roleName/ci",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: "pipeline",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: "900",
      };
      await expect(resolveCredentials({ env, stsEndpoint: server.url })).resolves.toEqual({
        secretId: "role-id",
        secretKey: "role-key",
        token: "role-token",
      });
      expect(server.requests[0]!.action).toBe("AssumeRole");
      expect(JSON.parse(server.requests[0]!.body)).toEqual({
        RoleArn: "qcs::cam::uin/100:roleName/ci",
        RoleSessionName: "pipeline",
        DurationSeconds: 900,
      });
    } finally {
      await server.close();
    }
  });
});
