import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ApiVersion, BackupType, OnNone, RedisBackupLookup } from "../../src";
import { ensureBundled } from "../support/assets";

beforeAll(() => ensureBundled("resolver"));

function synthStack(build: (stack: TerraformStack) => void): Record<string, any> {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe("RedisBackupLookup synthesis", () => {
  it("synthesizes a data external running the bundled resolver with a string query", () => {
    const json = synthStack((stack) => {
      new RedisBackupLookup(stack, "latest", {
        instanceId: "crs-abc12345",
        region: "ap-guangzhou",
        backupType: BackupType.SYSTEM,
        maxAge: "26h",
        statuses: [4, 2],
        includeLocked: true,
        onNone: OnNone.EMPTY,
        api: ApiVersion.LEGACY,
      });
    });
    const [source] = Object.values(json.data.external) as any[];
    expect(source.program[0]).toBe("node");
    expect(source.program[1]).toMatch(/^assets\/crs-backup-resolver-asset\/[0-9A-F]+\/resolver\.cjs$/);
    expect(source.query).toEqual({
      instance_id: "crs-abc12345",
      region: "ap-guangzhou",
      backup_type: "system",
      max_age: "26h",
      statuses: "4,2",
      include_locked: "true",
      on_none: "empty",
      api: "legacy",
    });
    expect(Object.values(source.query).every((v) => typeof v === "string")).toBe(true);
    expect(json.provider.external).toHaveLength(1);
  });

  it("accepts plain strings from JavaScript for the enums", () => {
    const json = synthStack((stack) => {
      new RedisBackupLookup(stack, "latest", { instanceId: "crs-1", backupType: "manual" as BackupType });
    });
    expect((Object.values(json.data.external)[0] as any).query.backup_type).toBe("manual");
  });

  it("adds one external provider and one resolver asset for many lookups", () => {
    const json = synthStack((stack) => {
      for (let i = 0; i < 3; i++) new RedisBackupLookup(stack, `l${i}`, { instanceId: `crs-${i}` });
    });
    expect(json.provider.external).toHaveLength(1);
    const programs = new Set(Object.values(json.data.external).map((s: any) => s.program[1]));
    expect(programs.size).toBe(1);
  });

  it("exposes tokens for the result attributes and passes tokens through the query", () => {
    const json = synthStack((stack) => {
      const id = new TerraformVariable(stack, "instance", { type: "string" });
      const lookup = new RedisBackupLookup(stack, "latest", { instanceId: id.stringValue, maxAge: "7d" });
      new TerraformVariable(stack, "echo", { type: "string", default: lookup.backupId });
    });
    const [source] = Object.values(json.data.external) as any[];
    expect(source.query.instance_id).toBe("${var.instance}");
  });

  it("pins with terraform_data, ignore_changes on input and rotation on rotateOn only", () => {
    const json = synthStack((stack) => {
      const lookup = new RedisBackupLookup(stack, "latest", { instanceId: "crs-1", maxAge: "26h" });
      lookup.pin({ rotateOn: "r-1" });
    });
    const [pin] = Object.values(json.resource.terraform_data) as any[];
    expect(pin.lifecycle.ignore_changes).toEqual(["input"]);
    expect(pin.triggers_replace).toEqual({ rotate_on: "r-1" });
    expect(pin.input.backup_id).toMatch(/^\$\{data\.external\..+\.result\["backup_id"\]\}$/);
    expect(pin.lifecycle.postcondition).toBeUndefined();
  });

  it("adds a postcondition for the fail-when-changed policy", () => {
    const json = synthStack((stack) => {
      new RedisBackupLookup(stack, "latest", { instanceId: "crs-1" }).pin({ failWhenChanged: true });
    });
    const [pin] = Object.values(json.resource.terraform_data) as any[];
    expect(pin.lifecycle.postcondition[0].condition).toMatch(/self\.output\.backup_id == data\.external\./);
    expect(pin.triggers_replace).toBeUndefined();
  });

  it("keeps credentials out of the synthesized JSON", () => {
    const previous = process.env.TENCENTCLOUD_SECRET_KEY;
    process.env.TENCENTCLOUD_SECRET_KEY = "canary-secret-key-in-synth-env";
    try {
      const text = JSON.stringify(
        synthStack((stack) => new RedisBackupLookup(stack, "l", { instanceId: "crs-1" })),
      );
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
    [{ backupType: "nightly" }, 'RedisBackupLookup s/latest: backupType: "nightly" is not valid'],
    [{ maxAge: "3x" }, 'RedisBackupLookup s/latest: maxAge: "3x" is not a duration'],
    [{ beginTime: "yesterday" }, 'RedisBackupLookup s/latest: beginTime: "yesterday" is not a valid time'],
    [{ maxAge: "1d", beginTime: "2026-11-01 00:00:00" }, "maxAge: cannot be combined with beginTime"],
    [{ beginTime: "2026-11-02T00:00:00Z", endTime: "2026-11-01T00:00:00Z" }, "beginTime: is after endTime"],
    [{ statuses: [9] }, 'statuses: "9" is not a backup status'],
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

  it("leaves tokens to plan time", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const v = new TerraformVariable(stack, "age", { type: "string" });
    expect(
      () => new RedisBackupLookup(stack, "l", { instanceId: "crs-1", maxAge: v.stringValue }),
    ).not.toThrow();
  });
});
