/**
 * CloneInstances' and ManualBackupInstance's documented limits, as the emulator answers them and as the shared
 * rules (src/api/clone-rules.ts) state them; and no limit where the docs give none (a long remark).
 */
import { instanceNameProblem, passwordProblem, periodProblem } from "../../src/api/clone-rules";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { seedRows } from "../support/seed-rows";
import { cloneRequest, tc3Request, v3Response } from "./signer";

const PASSWORD = "Rules-Pa55word";
const SOURCE = "crs-rules001";
let emulator: RunningEmulator;

beforeAll(async () => {
  const row = seedRows(Date.now());
  emulator = await startEmulator({
    seed: {
      instances: [
        { instanceId: SOURCE, region: "ap-guangzhou", password: PASSWORD, backups: [row("b-1", 1, "1")] },
      ],
    },
    taskDurationMs: 50,
  });
});
afterAll(() => emulator.close());

async function call(action: string, params: object) {
  return v3Response(await tc3Request(emulator.url, params, { action }));
}
const clone = (extra: object) => call("CloneInstances", cloneRequest(SOURCE, PASSWORD, extra));

describe("the shared rules", () => {
  it.each([
    ["Abcdefg1", undefined],
    ["abcdefgh", "must mix at least two"],
    ["Ab1", "must be 8 to 30 characters long"],
    [`Ab1${"x".repeat(28)}`, "must be 8 to 30 characters long"],
    ["/Abcdefg1", 'must not start with "/"'],
    ["Abcdefg 1", "may hold only letters, digits and the symbols"],
  ])("password %s", (password, problem) => {
    const found = passwordProblem(password);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
    expect(found ?? "").not.toContain(password);
  });

  it("names and terms", () => {
    expect(instanceNameProblem("orders-staging_2")).toBeUndefined();
    expect(instanceNameProblem("订单-staging")).toBeUndefined();
    expect(instanceNameProblem("orders staging!")).toMatch(/^must be 1 to 59/);
    expect(instanceNameProblem("x".repeat(60))).toMatch(/^must be 1 to 59/);
    expect([1, 12, 24, 60].map(periodProblem)).toEqual([undefined, undefined, undefined, undefined]);
    expect([0, 13, 25, 61].every((months) => periodProblem(months) !== undefined)).toBe(true);
  });
});

describe("the emulator answers them as the service does", () => {
  it.each([
    [{ Password: "abcdefgh" }, "InvalidParameterValue.PasswordRuleError"],
    [{ InstanceName: "orders staging!" }, "InvalidParameterValue.InstanceNameRuleError"],
    [{ GoodsNum: 31 }, "InvalidParameterValue"],
    [{ BillingMode: 1, Period: 13 }, "InvalidParameterValue"],
  ])("CloneInstances %j: %s", async (extra, code) => {
    const answer = await clone(extra);
    expect(answer.Error?.Code).toBe(code);
    expect(answer.Error?.Message ?? "").not.toContain("abcdefgh");
  });

  it("takes 100 prepaid instances and a 60-month term", async () => {
    const answer = await clone({ BillingMode: 1, Period: 60, GoodsNum: 100 });
    expect(answer.InstanceIds).toHaveLength(100);
  });

  it("ManualBackupInstance: StorageDays past 1825 is refused; a long remark is not", async () => {
    expect((await call("ManualBackupInstance", { InstanceId: SOURCE, StorageDays: 1826 })).Error?.Code).toBe(
      "InvalidParameterValue",
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // the clone above keeps the source busy a moment
    const long = await call("ManualBackupInstance", { InstanceId: SOURCE, Remark: "r".repeat(300) });
    expect(long.TaskId).toEqual(expect.any(Number));
  });
});
