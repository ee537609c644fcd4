/**
 * Seed files: loadSeedFile reads and validates them with one-line errors naming the field; demoWeekSeed builds
 * the demo's week whatever the time of day, and the emulator serves it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { V3_TYPE_CODE } from "../../src/backups/codes";
import { InvalidInputError } from "../../src/backups/errors";
import { formatApiTime, parseApiTime } from "../../src/backups/time";
import {
  DEMO_INSTANCES,
  DEMO_PASSWORD,
  demoWeekSeed,
  type EmulatorSeed,
  loadSeedFile,
  startEmulator,
} from "../../src/emulator";
import { tc3Request, v3Response } from "./signer";

const dir = mkdtempSync(join(tmpdir(), "crs-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function seedFile(content: unknown): string {
  const path = join(dir, `seed-${files++}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const GOOD_ROW = { BackupId: "b-1", StartTime: "2026-01-02 02:00:48", BackupType: "1", Status: 2, Locked: 0 };
const instance = (extra: Record<string, unknown> = {}, row: Record<string, unknown> = {}) => ({
  instances: [{ instanceId: "crs-1", region: "ap-guangzhou", backups: [{ ...GOOD_ROW, ...row }], ...extra }],
});

describe("loadSeedFile", () => {
  it("loads a valid seed", async () => {
    const seed = await loadSeedFile(seedFile(instance({ password: "pw", name: "orders" })));
    expect(seed.instances[0]).toMatchObject({ instanceId: "crs-1", password: "pw", backups: [GOOD_ROW] });
  });

  it('loads a running backup with the API\'s "not set" EndTime', async () => {
    const running = { Status: 1, EndTime: "0000-00-00 00:00:00" };
    const seed = await loadSeedFile(seedFile(instance({}, running)));
    expect(seed.instances[0].backups[0]).toMatchObject(running);
  });

  it.each([
    ["not JSON", "{ instances: ", /not valid JSON/],
    ["no instances", {}, /instances: must be an array/],
    ["null", "null", /instances: must be an array/],
    ["an instance that is not an object", { instances: [3] }, /instances\[0\]: must be an object/],
    ["no instanceId", instance({ instanceId: "" }), /instances\[0\]\.instanceId: missing/],
    ["no region", instance({ region: undefined }), /instances\[0\]\.region: missing/],
    ["a numeric password", instance({ password: 1234 }), /instances\[0\]\.password: must be a string/],
    ["a numeric name", instance({ name: 7 }), /instances\[0\]\.name: must be a string/],
    ["no backups", instance({ backups: undefined }), /instances\[0\]\.backups: must be an array/],
    ["a row without BackupId", instance({}, { BackupId: undefined }), /backups\[0\]\.BackupId: must be/],
    [
      "an ISO StartTime",
      instance({}, { StartTime: "2026-01-02T02:00:48Z" }),
      /backups\[0\]\.StartTime: must be/,
    ],
    ["a numeric BackupType", instance({}, { BackupType: 1 }), /backups\[0\]\.BackupType: must be a string/],
    ["a string Status", instance({}, { Status: "2" }), /backups\[0\]\.Status: must be an integer/],
    ["Locked true", instance({}, { Locked: true }), /backups\[0\]\.Locked: must be 0 or 1/],
    ["a bad EndTime", instance({}, { EndTime: "tomorrow" }), /backups\[0\]\.EndTime: must be/],
    ["a numeric Remark", instance({}, { Remark: 5 }), /backups\[0\]\.Remark: must be a string/],
    [
      "a row of another instance",
      instance({}, { InstanceId: "crs-2" }),
      /backups\[0\]\.InstanceId: must be crs-1 \(the instance it is listed under\) or left out/,
    ],
    [
      "a duplicate instance",
      { instances: [instance().instances[0], instance().instances[0]] },
      /instances\[1\]\.instanceId: crs-1 appears twice/,
    ],
    [
      "a duplicate backup",
      instance({ backups: [GOOD_ROW, GOOD_ROW] }),
      /instances\[0\]\.backups\[1\]\.BackupId: b-1 appears twice/,
    ],
  ])("refuses %s with one line naming the field", async (_name, content, message) => {
    const path = seedFile(content);
    const error = await loadSeedFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).not.toContain("\n");
  });

  it("refuses a file that does not exist", async () => {
    await expect(loadSeedFile(join(dir, "missing.json"))).rejects.toThrow(/cannot read .*missing\.json/);
  });
});

describe("demoWeekSeed", () => {
  const HOUR = 3_600_000;
  /** Beijing 2026-03-10 at the given hour (UTC+8). */
  const beijing = (hour: number) => Date.UTC(2026, 2, 10, hour - 8, 17);

  it.each([
    ["01:17 Beijing (before the nightly run)", beijing(1)],
    ["14:17 Beijing", beijing(14)],
    ["23:17 Beijing", beijing(23)],
  ])("has eight nightly system backups at 02:00:48 and the demo's cases at %s", (_name, now) => {
    const seed: EmulatorSeed = demoWeekSeed(now);
    const prod = seed.instances.find((i) => i.instanceId === DEMO_INSTANCES.production)!;
    expect(prod).toMatchObject({ region: "ap-guangzhou", password: DEMO_PASSWORD });
    const system = prod.backups.filter((r) => r.BackupType === V3_TYPE_CODE.system);
    expect(system).toHaveLength(8);
    expect(system.every((r) => r.StartTime.endsWith(" 02:00:48"))).toBe(true);
    const starts = system.map((r) => parseApiTime(r.StartTime)!);
    expect(Math.max(...starts)).toBeLessThanOrEqual(now);
    expect(now - Math.max(...starts)).toBeLessThan(24 * HOUR);
    expect(new Set(system.map((r) => r.StartTime.slice(0, 10))).size).toBe(8);
    expect(prod.backups.filter((r) => r.Status === -1)).toHaveLength(1);
    const manual = prod.backups.filter((r) => r.BackupType === V3_TYPE_CODE.manual);
    expect(manual.length).toBeGreaterThanOrEqual(2);
    expect(manual.filter((r) => r.Locked === 1)).toHaveLength(1);
    expect(manual.map((r) => r.Remark)).toContain("before upgrade");
    expect(prod.backups.filter((r) => r.BackupType === V3_TYPE_CODE.specChange)).toHaveLength(1);
    expect(prod.backups.every((r) => parseApiTime(r.StartTime)! <= now)).toBe(true);
    const staging = seed.instances.find((i) => i.instanceId === DEMO_INSTANCES.staging)!;
    expect(staging.backups.length).toBeGreaterThanOrEqual(1);
    expect(staging.backups.length).toBeLessThanOrEqual(5);
    expect(new Set(prod.backups.map((r) => r.BackupId)).size).toBe(prod.backups.length);
  });

  it("is served by the emulator: the week fits one 30-day span", async () => {
    const now = Date.now();
    const emulator = await startEmulator({ seed: demoWeekSeed(now) });
    try {
      const response = v3Response(
        await tc3Request(emulator.url, {
          InstanceId: DEMO_INSTANCES.production,
          Limit: 100,
          Status: [-1, 2, 4],
          BeginTime: formatApiTime(now - 9 * 24 * HOUR),
          EndTime: formatApiTime(now),
        }),
      );
      expect(response.TotalCount).toBe(demoWeekSeed(now).instances[0]!.backups.length);
    } finally {
      await emulator.close();
    }
  });
});
