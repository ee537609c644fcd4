import type { ConnectionOptions } from "../../src/api/connection";
import { createManualBackup } from "../../src/api/manual-backup";
import { CloneUnsettledError, cloneInstances, restoreInstance } from "../../src/api/operations";
import { ApiError, InvalidInputError, TaskError } from "../../src/backups/errors";
import { type FakeReply, type FakeServer, startFakeServer, tencentError } from "./fake-server";

const credentials = { secretId: "AKIDEMULATOR00000000", secretKey: "emulator-secret-key-not-a-real-one" };
const json = (Response: Record<string, unknown>): FakeReply => ({
  kind: "json",
  body: { Response: { RequestId: "req", ...Response } },
});

const NO_BACKUPS = json({ TotalCount: 0, BackupSet: [] });

/** API wall clock (UTC+8) for now. */
const nowWall = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

describe("operations (real SDK over loopback)", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function connect(
    handler: (action: string, params: Record<string, unknown>) => FakeReply,
  ): Promise<ConnectionOptions> {
    server = await startFakeServer((_n, action, request) =>
      handler(action, request.body ? JSON.parse(request.body) : {}),
    );
    return { region: "ap-guangzhou", endpoint: server.url, credentials, env: {} };
  }

  it("restores and returns the task id, sending the password only to the API", async () => {
    const connection = await connect(() => json({ TaskId: 11 }));
    const result = await restoreInstance({
      instanceId: "crs-1",
      backupId: "b-1",
      password: "s3cret-pw",
      connection,
    });
    expect(result.taskId).toBe(11);
    expect(JSON.parse(server!.requests[0]!.body)).toEqual({
      InstanceId: "crs-1",
      BackupId: "b-1",
      Password: "s3cret-pw",
    });
    expect(JSON.stringify(result)).not.toContain("s3cret-pw");
  });

  it("maps a refused restore to an ApiError naming the code", async () => {
    const connection = await connect(() =>
      tencentError("ResourceUnavailable.BackupLockedError", "backup locked", "req-l"),
    );
    const error = await restoreInstance({ instanceId: "crs-1", backupId: "b-1", connection }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe(
      "RestoreInstance failed: ResourceUnavailable.BackupLockedError: backup locked (RequestId req-l)",
    );
  });

  it("clones and returns the new instance ids", async () => {
    const connection = await connect(() => json({ InstanceIds: ["crs-new1"], DealName: "deal-1" }));
    const result = await cloneInstances({
      instanceId: "crs-1",
      backupId: "b-1",
      zoneId: 100003,
      securityGroupIdList: ["sg-1"],
      vpcId: "vpc-1",
      subnetId: "subnet-1",
      connection,
    });
    expect(result).toMatchObject({ instanceIds: ["crs-new1"], dealName: "deal-1" });
    expect(JSON.parse(server!.requests[0]!.body)).toMatchObject({
      InstanceId: "crs-1",
      BackupId: "b-1",
      GoodsNum: 1,
      ZoneId: 100003,
      BillingMode: 0,
      SecurityGroupIdList: ["sg-1"],
      VpcId: "vpc-1",
    });
  });

  it("treats ids fewer or more than GoodsNum as unsettled, keeping only ids and order numbers of Tencent's form", async () => {
    const connection = await connect(() =>
      json({ InstanceIds: ["crs-new1", "crs-new2"], DealName: "deal\u001b[2J" }),
    );
    const error = await cloneInstances({
      instanceId: "crs-1",
      backupId: "b-1",
      zoneId: 100003,
      securityGroupIdList: ["sg-1"],
      connection,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloneUnsettledError);
    expect((error as CloneUnsettledError).outcome).toEqual({
      instanceIds: ["crs-new1", "crs-new2"],
      requestId: "req",
    });
    expect((error as Error).message).toMatch(
      /^CloneInstances accepted the order \(RequestId req\) but named 2 instances for 1/,
    );
  });

  /** A manual backup row started now. */
  const manualRow = (id: string, remark: string) => ({
    BackupId: id,
    StartTime: nowWall(),
    EndTime: nowWall(),
    BackupType: "0",
    Status: 2,
    Locked: 0,
    Remark: remark,
  });

  it("makes a manual backup and returns the id of the row carrying its remark nonce", async () => {
    let remark = "";
    const connection = await connect((action, params) => {
      if (action === "ManualBackupInstance") {
        remark = String(params["Remark"]);
        return json({ TaskId: 21 });
      }
      if (action === "DescribeTaskInfo") return json({ Status: "succeed", InstanceId: "crs-1" });
      const rows = [manualRow("other", "before deploy"), manualRow("mine", remark)];
      return json({ TotalCount: 2, BackupSet: rows });
    });
    const outcome = await createManualBackup({
      instanceId: "crs-1",
      remark: "before deploy",
      connection,
      wait: { pollIntervalMs: 1 },
    });
    expect(outcome.backupId).toBe("mine");
    expect(outcome.taskId).toBe(21);
    expect(remark).toMatch(/^before deploy \[crs-backup:[0-9a-f]{12}\]$/);
  });

  /** A server whose backup task succeeds at once and whose listings are `listings` in turn (the last repeats). */
  async function backupServer(listings: ((remark: string) => Record<string, unknown>[])[]) {
    let remark = "";
    let listed = 0;
    return connect((action, params) => {
      if (action === "ManualBackupInstance") {
        remark = String(params["Remark"]);
        return json({ TaskId: 24 });
      }
      if (action === "DescribeTaskInfo") return json({ Status: "succeed" });
      const rows = listings[Math.min(listed++, listings.length - 1)]!(remark);
      return json({ TotalCount: rows.length, BackupSet: rows });
    });
  }
  const fast = { pollIntervalMs: 1, sleep: async () => {} };

  it("waits for its own tagged backup rather than take another new one listed first", async () => {
    const connection = await backupServer([
      () => [],
      () => [manualRow("someone-elses", "")],
      (remark) => [manualRow("someone-elses", ""), manualRow("mine", remark)],
    ]);
    const outcome = await createManualBackup({ instanceId: "crs-1", connection, wait: fast });
    expect(outcome.backupId).toBe("mine");
  });

  it("never takes an untagged backup whose remark is empty, nor one of two", async () => {
    const empty = await backupServer([() => [], () => [manualRow("a", "")]]);
    const error = await createManualBackup({ instanceId: "crs-1", connection: empty, wait: fast }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TaskError);
    expect((error as Error).message).toMatch(
      /^task 24 succeeded, but the remark tag did not come back whole, and the new manual backups listed \(a \(remark ""\)\) cannot be told apart/,
    );
    await server?.close();
    const two = await backupServer([
      () => [],
      (remark) => [manualRow("a", remark.slice(0, 30)), manualRow("b", remark.slice(0, 30))],
    ]);
    await expect(
      createManualBackup({ instanceId: "crs-1", remark: "pre-deploy", connection: two, wait: fast }),
    ).rejects.toThrow(/new manual backups listed \(a \(remark "pre-deploy \[crs-backup:\w{7}"\), b/);
  });

  it("never takes a colleague's new backup with the same words, nor a remark cut before the nonce", async () => {
    // The nonce's first four characters start at 23 ("pre-deploy [crs-backup:"): 26 keeps only three.
    for (const listed of [() => "pre-deploy", (remark: string) => remark.slice(0, 26)]) {
      await server?.close();
      const connection = await backupServer([() => [], (remark) => [manualRow("theirs", listed(remark))]]);
      await expect(
        createManualBackup({ instanceId: "crs-1", remark: "pre-deploy", connection, wait: fast }),
      ).rejects.toThrow(/the remark tag did not come back whole, and the new manual backups listed \(theirs/);
    }
  });

  it("takes the one new backup whose remark came back cut short, once the tag has not shown in five listings", async () => {
    // "before a long migration [crs-backup:" is 36 characters: 40 keeps the nonce's first four.
    const connection = await backupServer([() => [], (remark) => [manualRow("cut", remark.slice(0, 40))]]);
    const outcome = await createManualBackup({
      instanceId: "crs-1",
      remark: "before a long migration",
      connection,
      wait: fast,
    });
    expect(outcome.backupId).toBe("cut");
    expect(server!.requests.filter((r) => r.action === "DescribeInstanceBackups")).toHaveLength(6);
  });

  it("gives up after five listings when the new backup never shows", async () => {
    const slept: number[] = [];
    const connection = await backupServer([() => []]);
    const error = await createManualBackup({
      instanceId: "crs-1",
      connection,
      wait: { pollIntervalMs: 1, sleep: async (ms: number) => void slept.push(ms) },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^task 24 succeeded, but no new backup is listed with the remark tag; list the backups of crs-1/,
    );
    expect(slept).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("fails with TaskError when the backup task fails", async () => {
    const connection = await connect((action) =>
      action === "ManualBackupInstance"
        ? json({ TaskId: 22 })
        : action === "DescribeInstanceBackups"
          ? NO_BACKUPS
          : json({ Status: "failed", TaskMessage: "disk full" }),
    );
    const error = await createManualBackup({
      instanceId: "crs-1",
      connection,
      wait: { pollIntervalMs: 1 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as Error).message).toBe("task 22 failed: disk full");
  });

  it("times out with TaskError", async () => {
    const connection = await connect((action) =>
      action === "ManualBackupInstance"
        ? json({ TaskId: 23 })
        : action === "DescribeInstanceBackups"
          ? NO_BACKUPS
          : json({ Status: "running" }),
    );
    const error = await createManualBackup({
      instanceId: "crs-1",
      connection,
      wait: { pollIntervalMs: 5, timeoutMs: 20 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as TaskError).exitCode).toBe(5);
  });

  it("refuses the legacy dialect for operations", async () => {
    await expect(
      restoreInstance({
        instanceId: "crs-1",
        backupId: "b",
        connection: { api: "legacy", region: "ap-guangzhou", credentials },
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});
