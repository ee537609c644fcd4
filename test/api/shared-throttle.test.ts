import { execFileSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSharedThrottle } from "../../src/api/shared-throttle";
import { osTempDir, userTempFolder } from "../../src/api/user-temp-folder";

// Each test gets its own folders, so no state leaks between runs or into the real temp dir.
let temp: string;
let folder: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), "crs-throttle-test-"));
  folder = join(temp, "state");
  mkdirSync(folder, { mode: 0o700 });
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

const uid = process.getuid?.();
const posix = uid === undefined ? it.skip : it;
const throttleFolder = () => folder;

describe("createSharedThrottle", () => {
  it("spaces requests of separate throttles with the same key (separate processes) by 1/rate", async () => {
    // Two instances stand for two resolver processes: they share nothing but the state file.
    const first = createSharedThrottle(50, "http://127.0.0.1:1 AKIDTEST", folder);
    const second = createSharedThrottle(50, "http://127.0.0.1:1 AKIDTEST", folder);
    const started = Date.now();
    const returned: number[] = [];
    for (let i = 0; i < 6; i++) {
      await (i % 2 === 0 ? first : second).acquire();
      returned.push(Date.now());
    }
    // Slot i lies (1000 / 50) * 1.05 = 21 ms after slot i - 1, and the first slot is no earlier than `started`;
    // acquire never returns before its slot. Gaps between returns are not compared: a late wake-up of one
    // process shortens the next gap, which the 5% margin absorbs.
    for (const [i, time] of returned.entries()) expect(time - started).toBeGreaterThanOrEqual(21 * i);
  });

  it("keeps keys apart and never writes the endpoint or SecretId into a file name", async () => {
    // At 1 request/s, sharing a slot with the first key would make the second wait about a second.
    await createSharedThrottle(1, "http://127.0.0.1:1 AKIDSECRETID", folder).acquire();
    const started = Date.now();
    await createSharedThrottle(1, "http://127.0.0.1:2 AKIDSECRETID", folder).acquire();
    expect(Date.now() - started).toBeLessThan(500);
    const names = readdirSync(throttleFolder());
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{24}$/);
  });

  posix("waits for a held lock, and takes over one left by a crashed process", async () => {
    const key = "http://127.0.0.1:1 AKIDTEST";
    await createSharedThrottle(1000, key, folder).acquire();
    const [state] = readdirSync(throttleFolder());
    const lock = join(throttleFolder(), `${state}.lock`);

    writeFileSync(lock, "");
    setTimeout(() => rmSync(lock), 60);
    const started = Date.now();
    await createSharedThrottle(1000, key, folder).acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);

    writeFileSync(lock, "");
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    await createSharedThrottle(1000, key, folder).acquire();
    expect(readdirSync(throttleFolder())).toEqual([state]);
  });

  it("keeps one fixed-width state file, rewritten in place, and reads an older unpadded or broken one", async () => {
    const key = "http://127.0.0.1:1 AKIDTEST";
    await createSharedThrottle(1000, key, folder).acquire();
    const [state] = readdirSync(folder);
    const file = join(folder, state as string);
    // A longer value than the next one, without padding (an earlier release's format): fully overwritten.
    writeFileSync(file, String(Date.now() - 1234.5678));
    const before = Date.now();
    await createSharedThrottle(1000, key, folder).acquire();
    const text = readFileSync(file, "utf8");
    expect(text).toHaveLength(24);
    expect(Number(text)).toBeGreaterThanOrEqual(before + 1);
    expect(Number(text)).toBeLessThan(Date.now() + 100);
    writeFileSync(file, "not a number");
    const started = Date.now();
    await createSharedThrottle(1000, key, folder).acquire();
    expect(Date.now() - started).toBeLessThan(500);
    expect(Number(readFileSync(file, "utf8"))).toBeGreaterThanOrEqual(started);
    expect(readdirSync(folder)).toEqual([state]);
  });

  it("drops state unused for an hour when a new key starts a file, never on the hot path", async () => {
    const first = createSharedThrottle(1000, "http://127.0.0.1:1 AKIDTEST", folder);
    await first.acquire();
    const [state] = readdirSync(folder);
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    writeFileSync(join(folder, "0123456789abcdef01234567"), "1");
    utimesSync(join(folder, "0123456789abcdef01234567"), twoHoursAgo, twoHoursAgo);
    utimesSync(join(folder, state as string), twoHoursAgo, twoHoursAgo);
    await first.acquire(); // an existing file: no pruning
    expect(readdirSync(folder)).toHaveLength(2);
    utimesSync(join(folder, state as string), twoHoursAgo, twoHoursAgo);
    await createSharedThrottle(1000, "http://127.0.0.1:2 AKIDTEST", folder).acquire();
    expect(readdirSync(folder)).toHaveLength(1);
    expect(readdirSync(folder)).not.toContain(state);
  });

  it("turns off with rate 0", async () => {
    await createSharedThrottle(0, "k", folder).acquire();
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe("userTempFolder", () => {
  posix("creates <tmp>/<name>-<uid> with mode 0700, and accepts it afterwards", () => {
    const folder = userTempFolder("crs-test", temp);
    expect(folder).toBe(join(temp, `crs-test-${uid}`));
    expect(userTempFolder("crs-test", temp)).toBe(folder);
  });

  posix("refuses a folder others can read or write, and a file in its place", () => {
    mkdirSync(join(temp, `crs-open-${uid}`));
    chmodSync(join(temp, `crs-open-${uid}`), 0o777);
    expect(userTempFolder("crs-open", temp)).toBeUndefined();
    writeFileSync(join(temp, `crs-file-${uid}`), "");
    expect(userTempFolder("crs-file", temp)).toBeUndefined();
  });
});

describe("osTempDir", () => {
  it("finds the temp dir exactly as node:os does, whatever TMPDIR, TMP and TEMP say", () => {
    const cases: NodeJS.ProcessEnv[] = [
      {},
      { TMPDIR: "/var/tmp" },
      { TMPDIR: "/var/tmp/" },
      { TMPDIR: "/" },
      { TMPDIR: "", TMP: "/srv/tmp/" },
      { TEMP: "/data/temp" },
    ];
    for (const env of cases) {
      const script = "process.stdout.write(require('os').tmpdir())";
      const expected = execFileSync(process.execPath, ["-e", script], {
        env: { PATH: process.env.PATH, ...env },
      });
      expect([env, osTempDir(env)]).toEqual([env, expected.toString()]);
    }
  });
});
