/**
 * A minimal backup-list server for lookup tests: API 3.0 DescribeInstanceBackups (Limit/Offset,
 * BeginTime/EndTime on the start time, inclusive, Status filter) and legacy GetRedisBackupList.
 * Rows use API wall-clock strings, which compare correctly as strings.
 */
import { type FakeServer, startFakeServer } from "./fake-server";

/** A row as API 3.0 sends it. */
export interface V3Row {
  BackupId: string;
  StartTime: string;
  EndTime: string;
  BackupType: string;
  Status: number;
  Locked: number;
  Remark: string;
  InstanceId: string;
}

/** Builds a v3 row. */
export function v3Row(id: string, startTime: string, extra: Partial<V3Row> = {}): V3Row {
  return {
    BackupId: id,
    StartTime: startTime,
    EndTime: startTime,
    BackupType: "1",
    Status: 2,
    Locked: 0,
    Remark: "",
    InstanceId: "crs-1",
    ...extra,
  };
}

/** Starts the server over a mutable row list. */
export async function startBackupServer(rows: V3Row[]): Promise<FakeServer & { statusFilters: unknown[] }> {
  const statusFilters: unknown[] = [];
  const server = await startFakeServer((_n, action, request) => {
    if (action === "GetRedisBackupList") {
      const q = new URL(request.url, "http://x").searchParams;
      const matching = filter(
        rows,
        q.get("beginTime") ?? undefined,
        q.get("endTime") ?? undefined,
        undefined,
      );
      const offset = Number(q.get("offset"));
      const page = matching.slice(offset, offset + Number(q.get("limit")));
      const legacy = page.map((r) => ({
        backupId: r.BackupId,
        startTime: r.StartTime,
        backupType: r.BackupType === "0" ? "manualBackupInstance" : "systemBackupInstance",
        status: r.Status,
        remark: r.Remark,
        locked: r.Locked,
      }));
      return {
        kind: "json",
        body: {
          code: 0,
          message: "",
          codeDesc: "Success",
          totalCount: matching.length,
          data: { redisBackupSet: legacy },
        },
      };
    }
    const params = JSON.parse(request.body) as {
      Limit: number;
      Offset: number;
      BeginTime?: string;
      EndTime?: string;
      Status?: number[];
    };
    statusFilters.push(params.Status);
    const matching = filter(rows, params.BeginTime, params.EndTime, params.Status ?? [2]);
    const page = matching.slice(params.Offset, params.Offset + params.Limit);
    return {
      kind: "json",
      body: { Response: { TotalCount: matching.length, BackupSet: page, RequestId: "req" } },
    };
  });
  return Object.assign(server, { statusFilters });
}

function filter(rows: V3Row[], begin?: string, end?: string, statuses?: number[]): V3Row[] {
  return rows.filter(
    (r) =>
      (!begin || r.StartTime >= begin) &&
      (!end || r.StartTime <= end) &&
      (!statuses || statuses.includes(r.Status)),
  );
}
