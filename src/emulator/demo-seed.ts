/** The demo's realistic week of backups, relative to a "now". */
import { V3_TYPE_CODE } from "../backups/codes";
import { formatApiTime } from "../backups/time";
import type { EmulatorSeed, V3Row } from "./seed";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;
/** Nightly system backups start at 02:00:48 Beijing (as in Tencent's tccli example). */
const NIGHTLY_AT_MS = 2 * HOUR + 48_000;
/** Nights of system backups in the demo week (the oldest one expired). */
const NIGHTS = 8;

/** The demo instances: production with a week of backups, and staging. */
export const DEMO_INSTANCES = { production: "crs-demo0001", staging: "crs-stage001" } as const;
/** The demo instances' password (fake). */
export const DEMO_PASSWORD = "Demo-Passw0rd-not-secret";

function row(
  instanceId: string,
  id: string,
  startMs: number,
  type: keyof typeof V3_TYPE_CODE,
  extra: Partial<V3Row> = {},
): V3Row {
  return {
    BackupId: id,
    StartTime: formatApiTime(startMs),
    EndTime: formatApiTime(startMs + 4 * 60_000 + 13_000),
    ExpireTime: formatApiTime(startMs + 7 * DAY),
    BackupType: V3_TYPE_CODE[type],
    Status: 2,
    Locked: 0,
    Remark: "",
    BackupSize: 734_003_200,
    FullBackup: 1,
    InstanceType: 6,
    InstanceId: instanceId,
    InstanceName: instanceId === DEMO_INSTANCES.production ? "orders-prod" : "orders-staging",
    Region: "ap-guangzhou",
    FileType: "RDB",
    Encrypted: 0,
    ...extra,
  };
}

/** Start of the Beijing calendar day holding `ms`. */
function beijingMidnight(ms: number): number {
  return Math.floor((ms + BEIJING) / DAY) * DAY - BEIJING;
}

/**
 * Eight nightly system backups at 02:00:48 Beijing (the oldest expired), manual backups (one locked, one
 * "before upgrade"), one taken by a spec change, and a few backups of staging. Ids say what each is.
 */
export function demoWeekSeed(nowMs: number): EmulatorSeed {
  const prod = DEMO_INSTANCES.production;
  const today = beijingMidnight(nowMs);
  // The latest nightly run already done: today's 02:00:48 once it has passed, else yesterday's.
  const todayRun = today + NIGHTLY_AT_MS;
  const lastRun = todayRun <= nowMs ? todayRun : todayRun - DAY;
  const nightly: V3Row[] = [];
  for (let night = 0; night < NIGHTS; night++) {
    const start = lastRun - night * DAY;
    const id = `${641186639 + night}-8362913-${Math.floor(start / 1000)}`;
    nightly.push(row(prod, id, start, "system", night === NIGHTS - 1 ? { Status: -1 } : {}));
  }
  return {
    instances: [
      {
        instanceId: prod,
        region: "ap-guangzhou",
        password: DEMO_PASSWORD,
        name: "orders-prod",
        backups: [
          ...nightly,
          row(prod, "manual-before-upgrade", nowMs - 30 * HOUR, "manual", { Remark: "before upgrade" }),
          row(prod, "manual-locked", nowMs - 2 * HOUR, "manual", { Locked: 1, Remark: "held for audit" }),
          row(prod, "manual-exported", nowMs - 3 * DAY, "manual", { Status: 4 }),
          row(prod, "spec-change-upgrade", nowMs - 29 * HOUR, "specChange"),
        ],
      },
      {
        instanceId: DEMO_INSTANCES.staging,
        region: "ap-guangzhou",
        password: DEMO_PASSWORD,
        name: "orders-staging",
        backups: [
          row(DEMO_INSTANCES.staging, "staging-nightly", lastRun - DAY, "system"),
          row(DEMO_INSTANCES.staging, "staging-nightly-prev", lastRun - 2 * DAY, "system"),
          row(DEMO_INSTANCES.staging, "staging-manual", lastRun - 3 * DAY + 9 * HOUR, "manual", {
            Remark: "schema test",
          }),
        ],
      },
    ],
  };
}
