/**
 * The tencentcloud bindings generated offline from schema/tencentcloud.json: in sync with the schema, and a stack
 * using them synthesizes the resource, provider and `import` block Terraform expects.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { TencentcloudProvider } from "../.gen/providers/tencentcloud/provider";
import { RedisInstance } from "../.gen/providers/tencentcloud/redis-instance";
import { buildCloneApp, STAGING } from "../examples/pipeline/clone-staging";
import { runProcess } from "../src/testing";
import { ensureBundled } from "./support/assets";

/** A Terraform interpolation as it appears in synthesized JSON. */
const tf = (expression: string) => `\${${expression}}`;
const ROOT = join(__dirname, "..");
const FQPN = "registry.terraform.io/tencentcloudstack/tencentcloud";

type Attribute = { required?: boolean; optional?: boolean; computed?: boolean; sensitive?: boolean };
const schema = JSON.parse(readFileSync(join(ROOT, "schema", "tencentcloud.json"), "utf8"));
const instanceAttributes: Record<string, Attribute> =
  schema.provider_schemas[FQPN].resource_schemas.tencentcloud_redis_instance.block.attributes;

function synth(build: (stack: TerraformStack) => void): Record<string, any> {
  const app = Testing.app();
  const stack = new TerraformStack(app, "bindings");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe("generated tencentcloud bindings", () => {
  it("match what scripts/generate-bindings.mjs makes from the committed schema", async () => {
    const run = await runProcess(
      process.execPath,
      [join(ROOT, "scripts", "generate-bindings.mjs"), "--check"],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        timeoutMs: 60_000,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
  });

  it("synthesize tencentcloud_redis_instance with the schema's attribute names and the provider source", () => {
    const json = synth((stack) => {
      new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
      const password = new TerraformVariable(stack, "redis_password", { type: "string", sensitive: true });
      new RedisInstance(stack, "staging", {
        availabilityZone: "ap-guangzhou-3",
        memSize: 1024,
        typeId: 8,
        name: "orders-staging",
        password: password.stringValue,
        vpcId: "vpc-aaaa1111",
        subnetId: "subnet-bbbb2222",
        securityGroups: ["sg-cccc3333"],
        tags: { env: "staging" },
      });
    });
    // cdktf pins the exact version the bindings were generated from, as with `cdktf get`.
    expect(json.terraform.required_providers.tencentcloud).toEqual({
      source: "tencentcloudstack/tencentcloud",
      version: "1.83.25",
    });
    expect(json.provider.tencentcloud).toEqual([{ region: "ap-guangzhou" }]);
    const { "//": _metadata, ...resource } = json.resource.tencentcloud_redis_instance.staging;
    expect(resource).toEqual({
      availability_zone: "ap-guangzhou-3",
      mem_size: 1024,
      type_id: 8,
      name: "orders-staging",
      password: tf("var.redis_password"),
      vpc_id: "vpc-aaaa1111",
      subnet_id: "subnet-bbbb2222",
      security_groups: ["sg-cccc3333"],
      tags: { env: "staging" },
    });
    for (const key of Object.keys(resource)) {
      expect(instanceAttributes[key]).toBeDefined();
      expect(instanceAttributes[key].required || instanceAttributes[key].optional).toBe(true);
    }
    const required = Object.entries(instanceAttributes).filter(([, attribute]) => attribute.required);
    for (const [key] of required) expect(resource).toHaveProperty(key);
  });

  it("adopt an existing instance, such as a clone, with an import block", () => {
    const json = synth((stack) => {
      new TencentcloudProvider(stack, "tencentcloud", {});
      const adopted = new RedisInstance(stack, "clone", {
        availabilityZone: "ap-guangzhou-3",
        memSize: 1024,
      });
      adopted.importFrom("crs-clone0001");
    });
    expect(json.import).toEqual([{ id: "crs-clone0001", to: "tencentcloud_redis_instance.clone" }]);
  });

  it("expose computed attributes as references", () => {
    const json = synth((stack) => {
      new TencentcloudProvider(stack, "tencentcloud", {});
      const instance = new RedisInstance(stack, "db", { availabilityZone: "ap-guangzhou-3", memSize: 1024 });
      new TerraformOutput(stack, "ip", { value: instance.ip });
    });
    expect(json.output.ip.value).toBe(tf("tencentcloud_redis_instance.db.ip"));
  });

  it("adopt the clone in the example once its id is known, keeping the clone step as it was", () => {
    ensureBundled("resolver");
    ensureBundled("crs-backup");
    const stackOf = (stagingId?: string) => {
      const app = buildCloneApp(Testing.app().outdir, stagingId);
      return JSON.parse(Testing.synth(app.node.findChild("redis-clone-staging") as TerraformStack));
    };
    const before = stackOf();
    expect(before.import).toBeUndefined();
    expect(before.resource.tencentcloud_redis_instance).toBeUndefined();
    const after = stackOf("crs-clone0001");
    expect(after.import).toEqual([{ id: "crs-clone0001", to: "tencentcloud_redis_instance.staging" }]);
    expect(after.resource.tencentcloud_redis_instance.staging).toMatchObject({
      availability_zone: STAGING.availabilityZone,
      mem_size: STAGING.memSize,
      security_groups: STAGING.securityGroupIds,
    });
    // Adopting changes nothing in the clone step: no second clone.
    expect(after.resource.terraform_data).toEqual(before.resource.terraform_data);
  });
});
