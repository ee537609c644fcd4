/**
 * RedisBackupRestore and RedisBackupClone synthesis: the command each provisioner runs, what triggers it, where
 * the password goes, synth-time validation, and the bundled CLI reachable from the stack folder as written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import {
  type CloneBillingMode,
  RedisBackupClone,
  type RedisBackupCloneProps,
  RedisBackupLookup,
  RedisBackupRestore,
  type RedisBackupRestoreProps,
} from "../../src";
import { runProcess } from "../../src/testing";
import { startTestEmulator, type TestEmulator } from "../cli/emulator-fixture";
import { cli, emulatorEnv, expectOneLineError, INSTANCE } from "../cli/helpers";
import { ensureBundled } from "../support/assets";

beforeAll(() => ensureBundled("crs-backup"));

type Json = Record<string, any>;
/** A Terraform interpolation as it appears in synthesized JSON. */
const tf = (expression: string) => `\${${expression}}`;
const ASSET = "\\$\\{path\\.module\\}/assets/crs-backup-crs-backup-asset/[0-9A-F]+/crs-backup\\.cjs";

function synthStack(build: (stack: TerraformStack) => void): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

/** The only terraform_data of a stack whose name starts with `prefix`. */
function step(json: Json, prefix: string): Json {
  const entries = Object.entries(json.resource.terraform_data).filter(([name]) => name.startsWith(prefix));
  expect(entries).toHaveLength(1);
  return entries[0][1] as Json;
}

function localExec(resource: Json): { command: string; environment?: Record<string, string> } {
  expect(resource.provisioner).toHaveLength(1);
  return resource.provisioner[0]["local-exec"];
}

const restoreProps: RedisBackupRestoreProps = { instanceId: "crs-abc12345", backupId: "b-1", trigger: "t1" };

function restoreError(props: Partial<RedisBackupRestoreProps>): string {
  try {
    synthStack((stack) => new RedisBackupRestore(stack, "restore", { ...restoreProps, ...props }));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the synth to fail");
}

describe("RedisBackupRestore synthesis", () => {
  it("runs the bundled CLI's restore with the ids, waiting and confirmed, printing JSON", () => {
    const resource = step(
      synthStack((stack) => new RedisBackupRestore(stack, "restore", restoreProps)),
      "restore",
    );
    expect(localExec(resource).command).toMatch(
      new RegExp(`^node ${ASSET} restore --instance-id crs-abc12345 --backup-id b-1 --wait --yes --json$`),
    );
    expect(localExec(resource).environment).toBeUndefined();
    expect(resource.input).toEqual({ instance_id: "crs-abc12345", backup_id: "b-1" });
    expect(resource.lifecycle.ignore_changes).toEqual(["input"]);
  });

  it("passes region, endpoint, timeout and poll interval as flags", () => {
    const resource = step(
      synthStack(
        (stack) =>
          new RedisBackupRestore(stack, "restore", {
            ...restoreProps,
            region: "ap-shanghai",
            endpoint: "http://127.0.0.1:8000",
            timeout: "45m",
            pollInterval: "10s",
          }),
      ),
      "restore",
    );
    expect(localExec(resource).command).toMatch(
      / restore --instance-id crs-abc12345 --backup-id b-1 --region ap-shanghai --endpoint http:\/\/127\.0\.0\.1:8000 --timeout 45m --poll-interval 10s --wait --yes --json$/,
    );
  });

  it("re-runs only on the trigger: triggers_replace never holds the backup id", () => {
    const json = synthStack((stack) => {
      const request = new TerraformVariable(stack, "restore_request", { type: "string" });
      const lookup = new RedisBackupLookup(stack, "latest", { instanceId: "crs-abc12345" });
      const pinned = lookup.pin({ rotateOn: request.stringValue });
      new RedisBackupRestore(stack, "restore", {
        instanceId: "crs-abc12345",
        backupId: pinned.backupId,
        trigger: request.stringValue,
      });
    });
    const resource = step(json, "restore");
    expect(resource.triggers_replace).toEqual({ trigger: tf("var.restore_request") });
    expect(resource.input.backup_id).toMatch(
      /^\$\{terraform_data\.latest_pinned_pin_[0-9A-F]+\.output\["backup_id"\]\}$/,
    );
    expect(localExec(resource).command).toContain(`--backup-id ${resource.input.backup_id} `);
    // A token reaches the command line only after plan-time checks: not empty, then its characters.
    const reference = resource.input.backup_id.slice(2, -1);
    expect(resource.lifecycle.precondition).toEqual([
      {
        condition: `\${can(regex("^.+$", ${reference}))}`,
        error_message:
          "RedisBackupRestore test/restore: backupId is empty: the lookup found no usable backup when its pin was made or rotated (or onNone is empty, or CRS_BACKUP_LOOKUP=skip); once one exists, rotate the pin again (a new rotateOn value, or terraform apply -replace on the pin): fixing the lookup's criteria alone does not move a pin",
      },
      {
        condition: `\${can(regex("^[A-Za-z0-9._:/@+=,-]*$", ${reference}))}`,
        error_message:
          "RedisBackupRestore test/restore: backupId holds characters a command line would interpret; use letters, digits and . _ : / @ + = , - only",
      },
    ]);
  });

  it("gives the password to the CLI through the environment only", () => {
    const json = synthStack((stack) => {
      const password = new TerraformVariable(stack, "redis_password", { type: "string", sensitive: true });
      new RedisBackupRestore(stack, "restore", { ...restoreProps, password: password.stringValue });
    });
    const resource = step(json, "restore");
    expect(localExec(resource).environment).toEqual({
      TENCENTCLOUD_REDIS_PASSWORD: tf("var.redis_password"),
    });
    const withoutEnvironment = {
      ...resource,
      provisioner: [{ "local-exec": { command: localExec(resource).command } }],
    };
    expect(JSON.stringify(withoutEnvironment)).not.toContain("redis_password");
    expect(json.variable.redis_password).toEqual({ type: "string", sensitive: true });
  });

  it("refuses a literal password, which would be written into the stack", () => {
    const secret = "Literal-Passw0rd";
    const message = restoreError({ password: secret });
    expect(message).toMatch(
      /^RedisBackupRestore test\/restore: password: a literal password would be written/,
    );
    expect(message).not.toContain(secret);
  });

  it.each([
    [{ instanceId: "" }, /^RedisBackupRestore test\/restore: instanceId: missing; /],
    [{ backupId: "  " }, /^RedisBackupRestore test\/restore: backupId: missing; /],
    [{ trigger: "" }, /^RedisBackupRestore test\/restore: trigger: missing; /],
    [
      { backupId: "b-1; rm -rf /" },
      /^RedisBackupRestore test\/restore: backupId: "b-1; rm -rf \/" holds characters/,
    ],
    [{ instanceId: "crs-$(id)" }, /^RedisBackupRestore test\/restore: instanceId: .* holds characters/],
    [
      { timeout: "30 minutes" },
      /^RedisBackupRestore test\/restore: timeout: "30 minutes" is not a duration; /,
    ],
    [{ pollInterval: "0s" }, /^RedisBackupRestore test\/restore: pollInterval: "0s" is not a duration; /],
    [{ region: "Guangzhou" }, /^RedisBackupRestore test\/restore: region: "Guangzhou" is not a region; /],
    [{ endpoint: "redis.example" }, /^RedisBackupRestore test\/restore: .*endpoint/i],
  ])("rejects %j with one line naming the prop", (props, expected) => {
    const message = restoreError(props);
    expect(message).toMatch(expected);
    expect(message.split("\n")).toHaveLength(1);
  });
});

describe("the synthesized stack folder", () => {
  let outdir: string;
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("carries the CLI, and the command's path reaches it from the stack folder", async () => {
    outdir = mkdtempSync(join(tmpdir(), "crs-restore-synth-"));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "s");
    new LocalBackend(stack, { path: "terraform.tfstate" });
    new RedisBackupRestore(stack, "restore", restoreProps);
    app.synth();
    const stackDir = join(outdir, "stacks", "s");
    const text = readFileSync(join(stackDir, "cdk.tf.json"), "utf8");
    expect(text).not.toContain(process.cwd());
    const { command } = localExec(step(JSON.parse(text), "restore"));
    // Terraform sets path.module to "." for the root module; run the same program the way sh would.
    const [node, program] = command.replace(tf("path.module"), ".").split(" ");
    expect(node).toBe("node");
    expect(existsSync(join(stackDir, program))).toBe(true);
    const run = await runProcess(process.execPath, [program, "restore", "--help"], {
      cwd: stackDir,
      env: { PATH: process.env.PATH },
      timeoutMs: 30_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("--instance-id <id>");
  });
});

const cloneProps: RedisBackupCloneProps = {
  sourceInstanceId: "crs-abc12345",
  backupId: "b-1",
  trigger: "t1",
  zoneId: 100003,
  securityGroupIds: ["sg-aaaa1111", "sg-bbbb2222"],
};

function cloneError(props: Partial<RedisBackupCloneProps>): string {
  try {
    synthStack((stack) => new RedisBackupClone(stack, "clone", { ...cloneProps, ...props }));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the synth to fail");
}

describe("RedisBackupClone synthesis", () => {
  it("runs the CLI's clone and writes the result next to the stack", () => {
    let clone: RedisBackupClone | undefined;
    const resource = step(
      synthStack((stack) => {
        clone = new RedisBackupClone(stack, "staging copy", cloneProps);
      }),
      "staging",
    );
    expect(clone?.outputFile).toBe("staging-copy.clone.json");
    expect(localExec(resource).command).toMatch(
      new RegExp(
        `^node ${ASSET} clone --from crs-abc12345 --backup-id b-1 --zone-id 100003 ` +
          "--security-group-id sg-aaaa1111,sg-bbbb2222 --output-file \\$\\{path\\.module\\}/staging-copy\\.clone\\.json --yes --json$",
      ),
    );
    expect(resource.triggers_replace).toEqual({ trigger: "t1" });
    expect(resource.input).toEqual({
      source_instance_id: "crs-abc12345",
      backup_id: "b-1",
      output_file: "staging-copy.clone.json",
    });
  });

  it("names the default output file after the clone's path below the stack, and refuses two clones one file", () => {
    const clones: RedisBackupClone[] = [];
    synthStack((stack) => {
      for (const team of ["qa", "staging"])
        clones.push(new RedisBackupClone(new Construct(stack, team), "clone", cloneProps));
    });
    expect(clones.map((clone) => clone.outputFile)).toEqual([
      "qa-clone.clone.json",
      "staging-clone.clone.json",
    ]);
    expect(() =>
      synthStack((stack) => {
        new RedisBackupClone(stack, "a", { ...cloneProps, outputFile: "same.json" });
        new RedisBackupClone(stack, "b", { ...cloneProps, outputFile: "./same.json" });
      }),
    ).toThrow(
      /^RedisBackupClone test\/b: outputFile: "\.\/same\.json" is already written by test\/a; give each clone its own outputFile$/,
    );
    // A clone refused for another reason holds no file: the corrected one may take it.
    synthStack((stack) => {
      expect(
        () =>
          new RedisBackupClone(stack, "bad", { ...cloneProps, outputFile: "x.json", instanceName: "a&b" }),
      ).toThrow(/instanceName/);
      new RedisBackupClone(stack, "good", { ...cloneProps, outputFile: "x.json" });
    });
  });

  it("passes the optional network, billing and auth settings", () => {
    const resource = step(
      synthStack(
        (stack) =>
          new RedisBackupClone(stack, "clone", {
            ...cloneProps,
            vpcId: "vpc-1",
            subnetId: "subnet-1",
            instanceName: "orders-staging",
            billingMode: "prepaid" as CloneBillingMode,
            period: 3,
            noAuth: true,
            outputFile: "out/clone.json",
            region: "ap-guangzhou",
          }),
      ),
      "clone",
    );
    expect(localExec(resource).command).toMatch(
      / --vpc-id vpc-1 --subnet-id subnet-1 --name orders-staging --billing-mode prepaid --period 3 --region ap-guangzhou --output-file \$\{path\.module\}\/out\/clone\.json --no-auth --yes --json$/,
    );
  });

  it("takes a sensitive password through the environment and joins token security groups", () => {
    const json = synthStack((stack) => {
      const password = new TerraformVariable(stack, "clone_password", { type: "string", sensitive: true });
      const groups = new TerraformVariable(stack, "groups", { type: "list(string)" });
      new RedisBackupClone(stack, "clone", {
        ...cloneProps,
        securityGroupIds: groups.listValue,
        password: password.stringValue,
      });
    });
    const exec = localExec(step(json, "clone"));
    expect(exec.environment).toEqual({ TENCENTCLOUD_REDIS_PASSWORD: tf("var.clone_password") });
    expect(exec.command).toContain(` --security-group-id ${tf('join(",", var.groups)')} `);
    expect(exec.command).not.toContain("clone_password");
  });

  it.each([
    [{ zoneId: 0 }, /^RedisBackupClone test\/clone: zoneId: 0 is not a positive whole number; /],
    [{ period: 1.5 }, /^RedisBackupClone test\/clone: period: 1\.5 is not a positive whole number; /],
    [{ securityGroupIds: [] }, /^RedisBackupClone test\/clone: securityGroupIds: /],
    [
      { securityGroupIds: ["sg-1,sg-2"] },
      /^RedisBackupClone test\/clone: securityGroupIds: one id per entry/,
    ],
    [
      { billingMode: "monthly" as CloneBillingMode },
      /^RedisBackupClone test\/clone: billingMode: "monthly" is not valid; /,
    ],
    [
      { outputFile: "/tmp/clone.json" },
      /^RedisBackupClone test\/clone: outputFile: .* inside the stack folder/,
    ],
    [
      { outputFile: "../../x.json" },
      /^RedisBackupClone test\/clone: outputFile: "..\/..\/x.json" must be a literal path inside the stack folder/,
    ],
    [
      { period: 12 },
      /^RedisBackupClone test\/clone: period: only applies to prepaid billing \(billing defaults to postpaid\); drop it/,
    ],
    [
      { period: 12, billingMode: "postpaid" as CloneBillingMode },
      /^RedisBackupClone test\/clone: period: only applies to prepaid billing; drop it or set billingMode: CloneBillingMode.PREPAID$/,
    ],
    [{ outputFile: "my clone.json" }, /^RedisBackupClone test\/clone: outputFile: .* holds characters/],
    [
      { outputFile: "./assets/x.json" },
      /^RedisBackupClone test\/clone: outputFile: .* under assets\/, which every synth/,
    ],
    [
      { instanceName: "a\u001b[2Jb" },
      /^RedisBackupClone test\/clone: instanceName: "a\\u001b\[2Jb" must be 1 to 59/,
    ],
    [
      { billingMode: "\u001b]0;x\u0007" as CloneBillingMode },
      /^RedisBackupClone test\/clone: billingMode: "\\u001b\]0;x\\u0007" is not valid/,
    ],
    [
      { instanceName: "a&b" },
      /^RedisBackupClone test\/clone: instanceName: "a&b" must be 1 to 59 letters, digits, "-" or "_" \(Chinese/,
    ],
    [
      { instanceName: "订单-prod" },
      /^RedisBackupClone test\/clone: instanceName: "订单-prod" must be 1 to 59 letters, .*cannot travel on the step's command line\)$/,
    ],
    [
      { instanceName: "x".repeat(60) },
      /^RedisBackupClone test\/clone: instanceName: "x{60}" must be 1 to 59/,
    ],
    [
      { period: 13, billingMode: "prepaid" as CloneBillingMode },
      /^RedisBackupClone test\/clone: period: 13 must be 1 to 12, 24, 36, 48 or 60/,
    ],
    [{ sourceInstanceId: "" }, /^RedisBackupClone test\/clone: sourceInstanceId: missing; /],
    [{ password: "Literal-Passw0rd" }, /^RedisBackupClone test\/clone: password: a literal password/],
  ])("rejects %j with one line naming the prop", (props, expected) => {
    const message = cloneError(props);
    expect(message).toMatch(expected);
    expect(message.split("\n")).toHaveLength(1);
  });

  it("refuses a password together with noAuth", () => {
    const message = (() => {
      try {
        synthStack((stack) => {
          const password = new TerraformVariable(stack, "pw", { type: "string", sensitive: true });
          new RedisBackupClone(stack, "clone", {
            ...cloneProps,
            noAuth: true,
            password: password.stringValue,
          });
        });
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).toMatch(/^RedisBackupClone test\/clone: password: not used with noAuth: true; /);
  });
});

describe("crs-backup clone --output-file (the file RedisBackupClone writes)", () => {
  let emulator: TestEmulator;
  let dir: string;
  const cloneArgs = ["clone", "--from", INSTANCE, "--backup-id", "man-3h", "--zone-id", "100003"].concat([
    "--security-group-id",
    "sg-abc",
    "--no-auth",
    "--yes",
  ]);

  beforeAll(async () => {
    emulator = await startTestEmulator(Date.now());
    dir = mkdtempSync(join(tmpdir(), "crs-clone-out-"));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the source, backup and new instance ids as JSON", async () => {
    const file = join(dir, "clone.json");
    const run = await cli([...cloneArgs, "--output-file", file], { env: emulatorEnv(emulator.url) });
    expect(run.code).toBe(0);
    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(written).toMatchObject({ from: INSTANCE, backupId: "man-3h" });
    expect(written.instanceIds).toEqual(run.stdout.trim().split("\n"));
    expect(emulator.instance(written.instanceIds[0])).toBeDefined();
  });

  it("refuses a file in a missing directory before creating anything", async () => {
    const before = emulator.requestLog.length;
    const run = await cli([...cloneArgs, "--output-file", join(dir, "missing", "clone.json")], {
      env: emulatorEnv(emulator.url),
    });
    expectOneLineError(run, 2, "--output-file: directory");
    expect(emulator.requestLog.length).toBe(before);
  });
});
