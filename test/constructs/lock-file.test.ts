/**
 * resolveLatestBackup against the emulator over real HTTP: first run records, later runs read the lock file
 * without API calls, CI mode (off) fails on a missing entry, "nothing found" is never recorded, refresh.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BackupType,
  InvalidInputError,
  LookupMode,
  NoBackupMatchedError,
  type ResolveLatestBackupOptions,
  resolveLatestBackup,
} from "../../src";
import {
  EMULATOR_SECRET_ID,
  EMULATOR_SECRET_KEY,
  type RunningEmulator,
  startEmulator,
} from "../../src/emulator";
import { HOUR, v3Row } from "../backups/rows";
import { emulatorEnv } from "../support/emulator-env";

const INSTANCE = "crs-lock0001";
const EMPTY_INSTANCE = "crs-lock0002";
const NOW = Date.now();

let emulator: RunningEmulator;
let dir: string;
let lockFile: string;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: {
      instances: [
        {
          instanceId: INSTANCE,
          region: "ap-guangzhou",
          backups: [
            v3Row("sys-3h", NOW - 3 * HOUR, "1"),
            v3Row("sys-27h", NOW - 27 * HOUR, "1"),
            v3Row("man-1h", NOW - 1 * HOUR, "0", { remark: "before migration" }),
          ],
        },
        { instanceId: EMPTY_INSTANCE, region: "ap-guangzhou", backups: [v3Row("old", NOW - 90 * HOUR, "1")] },
        {
          instanceId: "crs-lock0003",
          region: "ap-guangzhou",
          backups: [v3Row("sys-5h", NOW - 5 * HOUR, "1")],
        },
        {
          instanceId: "crs-lock0004",
          region: "ap-guangzhou",
          backups: [v3Row("sys-4h", NOW - 4 * HOUR, "1")],
        },
      ],
    },
  });
});

afterAll(() => emulator.close());

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crs-lock-"));
  lockFile = join(dir, "redis-backups.lock.json");
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Options against the emulator; env carries CRS_BACKUP_LOOKUPS when given. */
function options(
  over: Partial<ResolveLatestBackupOptions> = {},
  lookups?: string,
): ResolveLatestBackupOptions {
  const extra = lookups === undefined ? {} : { CRS_BACKUP_LOOKUPS: lookups };
  return {
    instanceId: INSTANCE,
    backupType: BackupType.SYSTEM,
    maxAge: "26h",
    lockFile,
    env: emulatorEnv(emulator.url, extra),
    ...over,
  };
}

/** API requests the emulator saw while `action` ran. */
async function requestsDuring<T>(action: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const before = emulator.requestLog.length;
  const value = await action();
  return { value, requests: emulator.requestLog.length - before };
}

describe("resolveLatestBackup with a lock file", () => {
  it("never answers with a recorded backup past its expiry: looks again, or fails in CI naming the entry", async () => {
    await resolveLatestBackup(options());
    const key = `${INSTANCE} type=system maxAge=26h`;
    const data = JSON.parse(readFileSync(lockFile, "utf8"));
    const fresh = data.entries[key].expireTime;
    expect(fresh).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    data.entries[key].expireTime = "2020-01-01 00:00:00";
    writeFileSync(lockFile, JSON.stringify(data));
    await expect(resolveLatestBackup(options({}, "off"))).rejects.toThrow(
      `lockFile: ${lockFile} entry "${key}" holds backup sys-3h, which expired at 2020-01-01 00:00:00 (UTC+8); run synth with CRS_BACKUP_LOOKUPS=refresh and commit the lock file`,
    );
    const again = await requestsDuring(() => resolveLatestBackup(options()));
    expect(again.requests).toBeGreaterThan(0);
    expect(again.value).toMatchObject({ backupId: "sys-3h", fromLockFile: false, expireTime: fresh });
  });

  it("holds CI's CRS_BACKUP_LOOKUPS=off even when the app passes its own env without it", async () => {
    const saved = process.env.CRS_BACKUP_LOOKUPS;
    process.env.CRS_BACKUP_LOOKUPS = "off";
    try {
      await expect(resolveLatestBackup(options())).rejects.toThrow(
        /CRS_BACKUP_LOOKUPS=off forbids API calls/,
      );
      // An empty value in the app's env counts as unset too.
      await expect(resolveLatestBackup(options({}, ""))).rejects.toThrow(
        /CRS_BACKUP_LOOKUPS=off forbids API calls/,
      );
    } finally {
      if (saved === undefined) delete process.env.CRS_BACKUP_LOOKUPS;
      else process.env.CRS_BACKUP_LOOKUPS = saved;
    }
  });

  it("records the first lookup, then answers from the file without calling the API", async () => {
    const first = await requestsDuring(() => resolveLatestBackup(options()));
    expect(first.requests).toBeGreaterThan(0);
    expect(first.value).toMatchObject({
      backupId: "sys-3h",
      backupType: "system",
      status: 2,
      locked: false,
      fromLockFile: false,
      lockKey: `${INSTANCE} type=system maxAge=26h`,
    });
    const text = readFileSync(lockFile, "utf8");
    const data = JSON.parse(text);
    expect(data.version).toBe(1);
    expect(data.entries[`${INSTANCE} type=system maxAge=26h`].backupId).toBe("sys-3h");

    const second = await requestsDuring(() => resolveLatestBackup(options()));
    expect(second.requests).toBe(0);
    expect(second.value).toEqual({ ...first.value, fromLockFile: true });
    expect(readFileSync(lockFile, "utf8")).toBe(text);
  });

  it("hits the same entry however the criteria are spelled", async () => {
    const begin = NOW - 30 * HOUR;
    const spelledApi = new Date(begin + 8 * HOUR).toISOString().slice(0, 19).replace("T", " ");
    const spelledIso = new Date(Math.floor(begin / 1000) * 1000).toISOString();
    await resolveLatestBackup(options({ maxAge: undefined, beginTime: spelledApi, statuses: [4, 2] }));
    const again = await requestsDuring(() =>
      resolveLatestBackup(options({ maxAge: undefined, beginTime: spelledIso, statuses: [2, 4] })),
    );
    expect(again.requests).toBe(0);
    expect(again.value.fromLockFile).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(lockFile, "utf8")).entries)).toHaveLength(1);
  });

  it("keeps different criteria in different entries, written with sorted keys whatever the order", async () => {
    await resolveLatestBackup(options());
    await resolveLatestBackup(options({ backupType: BackupType.MANUAL }));
    await resolveLatestBackup(options({ backupType: undefined, maxAge: undefined }));
    const text = readFileSync(lockFile, "utf8");
    const keys = Object.keys(JSON.parse(text).entries);
    expect(keys).toEqual([
      INSTANCE,
      `${INSTANCE} type=manual maxAge=26h`,
      `${INSTANCE} type=system maxAge=26h`,
    ]);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "entries": {\n    "crs-lock0001": {\n      "backupId": "man-1h"');
    const entry = JSON.parse(text).entries[`${INSTANCE} type=manual maxAge=26h`];
    expect(Object.keys(entry)).toEqual([...Object.keys(entry)].sort());
    expect(entry.remark).toBe("before migration");
  });

  it("never writes credentials or connection details to the file", async () => {
    await resolveLatestBackup(options({ endpoint: emulator.url }));
    const text = readFileSync(lockFile, "utf8");
    for (const secret of [EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY, emulator.url, "127.0.0.1"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("in CI mode (off) fails on a missing entry without calling the API, naming file, key and fix", async () => {
    const before = emulator.requestLog.length;
    const error = await resolveLatestBackup(options({}, "off")).catch((e: Error) => e);
    expect(emulator.requestLog.length).toBe(before);
    expect((error as InvalidInputError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `lockFile: ${lockFile} has no entry "${INSTANCE} type=system maxAge=26h" and CRS_BACKUP_LOOKUPS=off ` +
        "forbids API calls; run synth once with lookups on (CRS_BACKUP_LOOKUPS unset) and commit the lock file",
    );
    expect(existsSync(lockFile)).toBe(false);
  });

  it("in CI mode (off) answers from a recorded entry", async () => {
    const recorded = await resolveLatestBackup(options());
    const ci = await requestsDuring(() => resolveLatestBackup(options({}, "off")));
    expect(ci.requests).toBe(0);
    expect(ci.value).toEqual({ ...recorded, fromLockFile: true });
    const viaOption = await resolveLatestBackup(options({ lookups: LookupMode.OFF }));
    expect(viaOption.backupId).toBe("sys-3h");
  });

  it("never records 'nothing found': the error carries the diagnostics and the file stays unchanged", async () => {
    await resolveLatestBackup(options());
    const before = readFileSync(lockFile, "utf8");
    const error = await resolveLatestBackup(options({ instanceId: EMPTY_INSTANCE })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(NoBackupMatchedError);
    expect((error as NoBackupMatchedError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(/^no usable system backup of crs-lock0002: /);
    expect(readFileSync(lockFile, "utf8")).toBe(before);
    // Asked again, it asks the API again (nothing was cached).
    const retry = await requestsDuring(() =>
      resolveLatestBackup(options({ instanceId: EMPTY_INSTANCE })).catch(() => "failed"),
    );
    expect(retry.value).toBe("failed");
    expect(retry.requests).toBeGreaterThan(0);
  });

  it("refresh replaces an entry whose backup changed, and leaves the file alone when it did not", async () => {
    const instanceId = "crs-lock0003";
    const first = await resolveLatestBackup(options({ instanceId }));
    expect(first.backupId).toBe("sys-5h");
    const unchanged = readFileSync(lockFile, "utf8");

    const same = await requestsDuring(() => resolveLatestBackup(options({ instanceId }, "refresh")));
    expect(same.requests).toBeGreaterThan(0);
    expect(same.value).toEqual({ ...first, fromLockFile: false });
    expect(readFileSync(lockFile, "utf8")).toBe(unchanged);

    emulator.addBackup(instanceId, v3Row("sys-2h", NOW - 2 * HOUR, "1"));
    const cached = await resolveLatestBackup(options({ instanceId }));
    expect(cached).toMatchObject({ backupId: "sys-5h", fromLockFile: true });
    const refreshed = await resolveLatestBackup(options({ instanceId, refresh: true }));
    expect(refreshed).toMatchObject({ backupId: "sys-2h", fromLockFile: false });
    const after = await resolveLatestBackup(options({ instanceId }, "off"));
    expect(after).toMatchObject({ backupId: "sys-2h", fromLockFile: true });
  });

  it("refresh that finds nothing keeps the recorded entry", async () => {
    const instanceId = "crs-lock0004";
    await resolveLatestBackup(options({ instanceId }));
    const before = readFileSync(lockFile, "utf8");
    await expect(
      resolveLatestBackup(options({ instanceId, backupId: "sys-4h", statuses: [4] }, "refresh")),
    ).rejects.toThrow(NoBackupMatchedError);
    expect(readFileSync(lockFile, "utf8")).toBe(before);
  });

  it("merges concurrent lookups into one file and leaves no temp file behind", async () => {
    const types = [BackupType.SYSTEM, BackupType.MANUAL, BackupType.ANY];
    const results = await Promise.all(
      types.map((backupType) => resolveLatestBackup(options({ backupType }))),
    );
    expect(results.map((r) => r.backupId)).toEqual(["sys-3h", "man-1h", "man-1h"]);
    expect(Object.keys(JSON.parse(readFileSync(lockFile, "utf8")).entries)).toHaveLength(3);
    expect(readdirSync(dir)).toEqual(["redis-backups.lock.json"]);
  });

  it("reports a corrupt lock file by name before calling the API", async () => {
    writeFileSync(lockFile, '{ "version": 1, "entries": { "x": ');
    const attempt = await requestsDuring(() =>
      resolveLatestBackup(options({}, "refresh")).catch((e: Error) => e),
    );
    expect(attempt.requests).toBe(0);
    expect((attempt.value as Error).message).toMatch(
      new RegExp(`^lockFile: ${lockFile.replace(/[.\\]/g, "\\$&")} is not a valid lock file: not JSON \\(`),
    );
    expect((attempt.value as Error).message).not.toContain("\n");
  });

  it("validates options with the CLI's rules, named as options, before any API call", async () => {
    const cases: [Partial<ResolveLatestBackupOptions>, string][] = [
      [{ beginTime: "2026-11-20 02:00:00" }, "maxAge: cannot be combined with beginTime; give one"],
      [{ maxAge: "26 hours" }, 'maxAge: "26 hours" is not a duration'],
      [{ backupType: "nightly" as BackupType }, 'backupType: "nightly" is not a backup type'],
      [{ statuses: [2, 9] }, 'statuses: "9" is not a backup status'],
      [{ instanceId: " " }, "instanceId: missing"],
      [{ endpoint: "ftp://x" }, "endpoint:"],
      [
        { lookups: "sometimes" as LookupMode },
        'lookups: "sometimes" is not a lookup mode; use on, off, refresh',
      ],
    ];
    const before = emulator.requestLog.length;
    for (const [over, message] of cases) {
      const error = await resolveLatestBackup(options(over)).catch((e: Error) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toContain(message);
    }
    expect(emulator.requestLog.length).toBe(before);
    expect(existsSync(lockFile)).toBe(false);
  });

  it("rejects an unknown CRS_BACKUP_LOOKUPS and refresh combined with off", async () => {
    await expect(resolveLatestBackup(options({}, "no"))).rejects.toThrow(
      'CRS_BACKUP_LOOKUPS: "no" is not a lookup mode; use on, off, refresh',
    );
    await expect(resolveLatestBackup(options({ refresh: true }, "off"))).rejects.toThrow(
      "refresh: cannot refresh with CRS_BACKUP_LOOKUPS=off; drop one of them",
    );
  });

  it("defaults the lock file to redis-backups.lock.json in the working directory", async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await resolveLatestBackup(options({ lockFile: undefined }));
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, "redis-backups.lock.json"))).toBe(true);
  });
});
