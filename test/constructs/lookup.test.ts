import { DataExternal } from "@cdktf/provider-external/lib/data-external";
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { App, DataResource, Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import type {} from "cdktf/lib/testing/adapters/jest";
import type { Construct } from "constructs";
import { ApiVersion, BackupType, OnNone, RedisBackupLookup } from "../../src";
import { ensureBundled } from "../support/assets";

Testing.setupJest();
beforeAll(() => ensureBundled("resolver"));

/** The stack's JSON, parsed: for exact comparisons the partial-matching cdktf matchers cannot make. */
function synthJson(build: (scope: Construct) => void): Record<string, any> {
  return JSON.parse(Testing.synthScope(build));
}

const externalSources = (json: Record<string, any>) => Object.values(json.data.external) as any[];

describe("RedisBackupLookup synthesis", () => {
  const allProps = (scope: Construct) =>
    new RedisBackupLookup(scope, "latest", {
      instanceId: "crs-abc12345",
      region: "ap-guangzhou",
      backupType: BackupType.SYSTEM,
      maxAge: "26h",
      statuses: [4, 2],
      includeLocked: true,
      onNone: OnNone.EMPTY,
      api: ApiVersion.LEGACY,
    });

  // The jest adapter of the cdktf matchers compares nested objects exactly: `query` must hold these keys only.
  it("synthesizes a data external running the bundled resolver with the given props as strings", () => {
    const synthesized = Testing.synthScope(allProps);
    expect(synthesized).toHaveProvider(ExternalProvider);
    expect(synthesized).toHaveDataSourceWithProperties(DataExternal, {
      query: {
        instance_id: "crs-abc12345",
        region: "ap-guangzhou",
        backup_type: "system",
        max_age: "26h",
        statuses: "4,2",
        include_locked: "true",
        on_none: "empty",
        api: "legacy",
      },
    });
    const [source] = externalSources(JSON.parse(synthesized));
    expect(source.program[0]).toBe("node");
    expect(source.program[1]).toMatch(
      /^\$\{path\.module\}\/assets\/crs-backup-resolver-asset\/[0-9A-F]+\/resolver\.cjs$/,
    );
  });

  it("leaves props that were not given out of the query", () => {
    const synthesized = Testing.synthScope(
      (scope) => new RedisBackupLookup(scope, "l", { instanceId: "crs-1" }),
    );
    expect(synthesized).toHaveDataSourceWithProperties(DataExternal, { query: { instance_id: "crs-1" } });
  });

  it("accepts plain strings from JavaScript for the enums", () => {
    const synthesized = Testing.synthScope((scope) => {
      new RedisBackupLookup(scope, "latest", {
        instanceId: "crs-1",
        backupType: "manual",
        onNone: "empty",
        api: "v3",
      } as unknown as { instanceId: string });
    });
    expect(synthesized).toHaveDataSourceWithProperties(DataExternal, {
      query: { instance_id: "crs-1", backup_type: "manual", on_none: "empty", api: "v3" },
    });
  });

  it("adds one external provider and one resolver asset for many lookups", () => {
    const json = synthJson((scope) => {
      for (let i = 0; i < 3; i++) new RedisBackupLookup(scope, `l${i}`, { instanceId: `crs-${i}` });
    });
    expect(json.provider.external).toHaveLength(1);
    expect(new Set(externalSources(json).map((s) => s.program[1])).size).toBe(1);
  });

  it("keeps the user's own external provider, declared before or after the lookups", () => {
    const before = synthJson((scope) => {
      new ExternalProvider(scope, "mine", {});
      new RedisBackupLookup(scope, "l", { instanceId: "crs-1" });
    });
    const after = synthJson((scope) => {
      new RedisBackupLookup(scope, "l", { instanceId: "crs-1" });
      new ExternalProvider(scope, "mine", { alias: "mine" });
    });
    expect(before.provider.external).toHaveLength(1);
    expect(after.provider.external).toEqual([{ alias: "mine" }]);
  });

  it("exposes the result attributes as references and passes tokens through the query", () => {
    const json = synthJson((scope) => {
      const id = new TerraformVariable(scope, "instance", { type: "string" });
      const statuses = new TerraformVariable(scope, "statuses", { type: "list(number)" });
      const locked = new TerraformVariable(scope, "locked", { type: "bool" });
      const lookup = new RedisBackupLookup(scope, "latest", {
        instanceId: id.stringValue,
        statuses: statuses.listValue as unknown as number[],
        includeLocked: locked.booleanValue as unknown as boolean,
      });
      new DataResource(scope, "echo", {
        input: {
          id: lookup.backupId,
          start: lookup.startTime,
          rfc: lookup.startTimeRfc3339,
          type: lookup.backupType,
          status: lookup.status,
          locked: lookup.locked,
          found: lookup.found,
          matched: lookup.matchedCount,
          remark: lookup.resultValue("remark"),
          remarkOrEmpty: Fn.lookup(lookup.result, "remark", ""),
          all: lookup.result,
        },
      });
    });
    const [source] = externalSources(json);
    expect(source.query.instance_id).toBe("${var.instance}");
    expect(source.query.statuses).toBe('${join(",", var.statuses)}');
    expect(source.query.include_locked).toBe("${var.locked}");
    const name = Object.keys(json.data.external)[0];
    const result = (key: string) => `\${data.external.${name}.result["${key}"]}`;
    expect((Object.values(json.resource.terraform_data)[0] as any).input).toEqual({
      id: result("backup_id"),
      start: result("start_time"),
      rfc: result("start_time_rfc3339"),
      type: result("backup_type"),
      status: result("status"),
      locked: result("locked"),
      found: result("found"),
      matched: result("matched_count"),
      remark: result("remark"),
      remarkOrEmpty: `\${data.external.${name}.result.remark}`,
      all: `\${data.external.${name}.result}`,
    });
  });

  it("pins with terraform_data, ignore_changes on input and rotation on rotateOn only", () => {
    const synthesized = Testing.synthScope((scope) => {
      const lookup = new RedisBackupLookup(scope, "latest", { instanceId: "crs-1", maxAge: "26h" });
      lookup.pin({ rotateOn: "r-1" });
    });
    const [pin] = Object.values(JSON.parse(synthesized).resource.terraform_data) as any[];
    expect(pin.lifecycle.ignore_changes).toEqual(["input"]);
    expect(pin.triggers_replace).toEqual({ rotate_on: "r-1" });
    expect(pin.input.backup_id).toMatch(/^\$\{data\.external\..+\.result\["backup_id"\]\}$/);
    // No postcondition: a newer backup never fails the plan.
    expect(pin.lifecycle.postcondition).toBeUndefined();
    // Pinned, the lookup answers empty rather than failing every plan when a night's backup is missing.
    const [data] = Object.values(JSON.parse(synthesized).data.external) as any[];
    expect(data.query.on_none).toBe("empty");
  });

  it("keeps a pinned lookup of one given backupId failing loudly (its reason would be lost in an empty answer)", () => {
    const json = synthJson((scope) => {
      new RedisBackupLookup(scope, "latest", { instanceId: "crs-1", backupId: "b-1" }).pin();
    });
    const [data] = Object.values(json.data.external) as any[];
    expect(data.query.on_none).toBeUndefined();
  });

  it("keeps an explicit onNone when pinning", () => {
    const json = synthJson((scope) => {
      new RedisBackupLookup(scope, "latest", { instanceId: "crs-1", onNone: OnNone.FAIL }).pin();
    });
    const [data] = Object.values(json.data.external) as any[];
    expect(data.query.on_none).toBe("fail");
  });

  it("refuses a second pin of one lookup, naming the lookup", () => {
    expect(() =>
      synthJson((scope) => {
        const lookup = new RedisBackupLookup(scope, "latest", { instanceId: "crs-1" });
        lookup.pin();
        lookup.pin({ rotateOn: "x" });
      }),
    ).toThrow(/^RedisBackupLookup .*latest: pin\(\) was already called; a lookup has one pin/);
  });

  it("adds a postcondition for the fail-when-changed policy", () => {
    const json = synthJson((scope) => {
      new RedisBackupLookup(scope, "latest", { instanceId: "crs-1" }).pin({ failWhenChanged: true });
    });
    const [pin] = Object.values(json.resource.terraform_data) as any[];
    expect(pin.lifecycle.postcondition).toHaveLength(1);
    expect(pin.lifecycle.postcondition[0].condition).toMatch(/self\.output\.backup_id == data\.external\./);
    expect(pin.triggers_replace).toBeUndefined();
  });

  it("keeps credentials out of the synthesized JSON", () => {
    const previous = process.env.TENCENTCLOUD_SECRET_KEY;
    process.env.TENCENTCLOUD_SECRET_KEY = "canary-secret-key-in-synth-env";
    try {
      const text = Testing.synthScope((scope) => new RedisBackupLookup(scope, "l", { instanceId: "crs-1" }));
      expect(text).not.toContain("canary-secret-key-in-synth-env");
    } finally {
      if (previous === undefined) delete process.env.TENCENTCLOUD_SECRET_KEY;
      else process.env.TENCENTCLOUD_SECRET_KEY = previous;
    }
  });
});

describe("RedisBackupLookup validation at synth", () => {
  const build = (props: Record<string, unknown>) => () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, "s");
    new RedisBackupLookup(stack, "latest", { instanceId: "crs-1", ...props } as any);
  };

  it.each([
    [{ instanceId: "" }, "RedisBackupLookup s/latest: instanceId: missing"],
    [{ instanceId: undefined }, "instanceId: missing"],
    [
      { backupType: "nightly" },
      'RedisBackupLookup s/latest: backupType: "nightly" is not a backup type; use manual',
    ],
    [{ maxAge: "3x" }, 'RedisBackupLookup s/latest: maxAge: "3x" is not a duration'],
    [{ beginTime: "yesterday" }, 'RedisBackupLookup s/latest: beginTime: "yesterday" is not a valid time'],
    [{ maxAge: "1d", beginTime: "2026-11-01 00:00:00" }, "maxAge: cannot be combined with beginTime"],
    [{ beginTime: "2026-11-02T00:00:00Z", endTime: "2026-11-01T00:00:00Z" }, "beginTime: is after endTime"],
    [{ statuses: [9] }, 'statuses: "9" is not a backup status'],
    [{ statuses: [] }, "RedisBackupLookup s/latest: statuses: empty; pass status codes such as [2, 4]"],
    [{ onNone: "ignore" }, 'onNone: "ignore" is not valid; use one of fail, empty'],
    [{ api: "v2" }, 'api: "v2" is not valid; use one of v3, legacy'],
    [{ endpoint: "127.0.0.1:8000" }, "endpoint:"],
    [{ region: "Guangzhou" }, 'region: "Guangzhou" is not a region'],
    [{ backupId: "id with spaces" }, "backupId:"],
  ])("rejects %j with a one-line error naming the path and the prop", (props, message) => {
    expect(build(props)).toThrow(message);
    try {
      build(props)();
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it.each([
    "instanceId",
    "region",
    "backupType",
    "beginTime",
    "endTime",
    "maxAge",
    "backupId",
    "onNone",
    "endpoint",
    "api",
  ])("leaves a token %s to plan time", (prop) => {
    const stack = new TerraformStack(Testing.app(), "s");
    const token = new TerraformVariable(stack, "v", { type: "string" }).stringValue;
    // With a literal, maxAge next to beginTime or endTime would be refused; a token cannot be judged yet.
    const window = prop === "beginTime" || prop === "endTime" ? { maxAge: "1d" } : {};
    expect(
      () => new RedisBackupLookup(stack, "l", { instanceId: "crs-1", ...window, [prop]: token }),
    ).not.toThrow();
  });

  it("leaves token statuses and includeLocked to plan time, and still checks the literal props next to them", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const statuses = new TerraformVariable(stack, "statuses", { type: "list(number)" }).listValue;
    const locked = new TerraformVariable(stack, "locked", { type: "bool" }).booleanValue;
    const props = {
      instanceId: "crs-1",
      statuses: statuses as unknown as number[],
      includeLocked: locked as unknown as boolean,
    };
    expect(() => new RedisBackupLookup(stack, "ok", props)).not.toThrow();
    expect(() => new RedisBackupLookup(stack, "bad", { ...props, maxAge: "3x" })).toThrow(
      'RedisBackupLookup s/bad: maxAge: "3x" is not a duration',
    );
  });
});
