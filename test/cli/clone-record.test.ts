/**
 * The clone's write-ahead record on its own: what each failure leaves in the file, what a lock or an unreadable
 * file does to the next run, and a write that fails after the clone was made.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloneUnsettledError } from "../../src/api";
import { ApiError, InvalidInputError, TaskError } from "../../src/backups/errors";
import { CloneRecord } from "../../src/cli/clone-record";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crs-record-"));
  file = join(dir, "x.clone.json");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const EARLIER = `${JSON.stringify({ from: "crs-a", backupId: "b-0", instanceIds: ["crs-old1"] })}\n`;
const read = () => JSON.parse(readFileSync(file, "utf8"));

/** Opens the record, marks the request sent, fails it with `error`, and releases. */
function failAfterSending(error: unknown): void {
  const record = CloneRecord.open(file);
  try {
    record.sending("crs-a", "b-1");
    record.failed(error);
  } finally {
    record.release();
  }
}

it("a code outside the refusal classes (e.g. a failed payment) leaves the clone unsettled", () => {
  failAfterSending(
    new ApiError(
      "CloneInstances failed: FailedOperation.PayFailed: ...",
      "FailedOperation.PayFailed",
      "req-1",
    ),
  );
  expect(read()).toEqual({
    from: "crs-a",
    backupId: "b-1",
    instanceIds: [],
    requestId: "req-1",
    unsettled:
      "CloneInstances failed with FailedOperation.PayFailed, which may come after the order was taken",
  });
  expect(existsSync(`${file}.lock`)).toBe(false);
});

it("a refusal puts back the earlier file, or no file when there was none", () => {
  const refusal = new ApiError(
    "CloneInstances failed: InvalidParameterValue: zone",
    "InvalidParameterValue.ZoneId",
  );
  failAfterSending(refusal);
  expect(existsSync(file)).toBe(false);
  writeFileSync(file, EARLIER);
  failAfterSending(refusal);
  expect(readFileSync(file, "utf8")).toBe(EARLIER);
});

it("keeps the ids Tencent did name in an unsettled record", () => {
  failAfterSending(
    new CloneUnsettledError("...", { instanceIds: ["crs-new1"], dealName: "d-1", requestId: "req-2" }),
  );
  expect(read()).toMatchObject({ instanceIds: ["crs-new1"], dealName: "d-1", requestId: "req-2" });
  expect(read().unsettled).toBe("CloneInstances accepted order d-1 but did not name every new instance");
});

it("a failure before the request leaves the file as it was", () => {
  writeFileSync(file, EARLIER);
  const record = CloneRecord.open(file);
  record.failed(new ApiError("no answer"));
  record.release();
  expect(readFileSync(file, "utf8")).toBe(EARLIER);
});

it("refuses a record whose unsettled field is not text, as unsettled all the same", () => {
  writeFileSync(file, JSON.stringify({ from: "crs-a", backupId: "b", instanceIds: [], unsettled: true }));
  expect(() => CloneRecord.open(file)).toThrow(TaskError);
  expect(existsSync(`${file}.lock`)).toBe(false);
});

it("a lock that cannot be created for another reason than being held is exit 2, naming the cause", () => {
  const long = join(dir, `${"x".repeat(250)}.json`); // the lock's name is past the file system's limit
  let error: unknown;
  try {
    CloneRecord.open(long);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as Error).message).toMatch(/cannot create .*\.lock \(ENAMETOOLONG\); check the directory/);
});

it("a result that cannot be written names the new ids (exit 5), and the file still says unsettled", () => {
  const record = CloneRecord.open(file);
  record.sending("crs-a", "b-1");
  mkdirSync(`${file}.tmp`); // the temporary file cannot be created
  const summary = { from: "crs-a", backupId: "b-1", instanceIds: ["crs-new1"] };
  expect(() => record.settled(summary)).toThrow(
    new TaskError(
      `cloned crs-new1, but ${file} could not be written (EISDIR); it still says unsettled: write these ids into it, or delete it once the clone is adopted`,
    ),
  );
  record.release();
  expect(read().unsettled).toMatch(/^CloneInstances sent at /);
});

it("a record that cannot be written before the request stops the clone (exit 2), nothing sent", () => {
  const record = CloneRecord.open(file);
  mkdirSync(`${file}.tmp`);
  expect(() => record.sending("crs-a", "b-1")).toThrow(
    new InvalidInputError(
      "outputFile",
      `--output-file: cannot write ${file} (EISDIR); nothing was sent: make it writable or choose another path`,
    ),
  );
  record.failed(new ApiError("never sent"));
  record.release();
  expect(existsSync(file)).toBe(false);
});
