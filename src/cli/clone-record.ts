/**
 * The clone's `--output-file`, kept as a write-ahead record: a clone creates billable instances, and Terraform
 * runs a failed step again at the next apply. Just before CloneInstances is sent the file says a clone is
 * unsettled; it becomes the result once Tencent names the new instances. When the outcome stays unknown (no
 * answer, an unreadable one, a server fault, an order without instance ids) the unsettled record stays, and the
 * next clone to that file is refused until someone has checked and deleted it: never a second, silent order.
 * One clone at a time per file (`<file>.lock`); every write replaces the file whole (temporary file, rename).
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { type CloneOutcome, CloneUnsettledError, orderName, plainId } from "../api";
import { ApiError, InvalidInputError, TaskError } from "../backups/errors";

/** What the file holds: the result, or an unsettled clone (`unsettled` saying why, `instanceIds` what is known). */
export interface CloneSummary extends CloneOutcome {
  readonly from: string;
  readonly backupId: string;
  /** Present while the clone's outcome is unknown. */
  readonly unsettled?: string;
}

/**
 * Error codes by which Tencent refuses a request before acting on it. Any other code (a server fault, a failed
 * deal, a code we do not know) may come after the order was taken, so it leaves the clone unsettled.
 */
const REFUSALS =
  /^(InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|InvalidAction|AuthFailure|UnauthorizedOperation|RequestLimitExceeded|LimitExceeded|ResourceNotFound|ResourceUnavailable|ResourceInsufficient|UnsupportedOperation|UnsupportedRegion|OperationDenied)(\.|$)/;

/** A Tencent error code fit to go into a file; anything else (server text) is left out. */
function codeOf(error: unknown): string | undefined {
  const code = error instanceof ApiError ? error.code : undefined;
  return code && /^[A-Za-z][A-Za-z0-9.]{0,79}$/.test(code) ? code : undefined;
}

/** Why the outcome is unknown, in our words: server text and messages stay out of the file. */
function unsettledReason(error: unknown): string {
  if (error instanceof CloneUnsettledError) {
    return `CloneInstances accepted ${orderName(error.outcome.dealName)} but did not name every new instance`;
  }
  const code = codeOf(error);
  if (code === "MalformedResponse") return "CloneInstances answered, but the answer could not be read";
  if (code) return `CloneInstances failed with ${code}, which may come after the order was taken`;
  return "CloneInstances got no answer (network failure, timeout or an HTTP error)";
}

function isRecord(value: unknown): value is CloneSummary {
  const record = value as Partial<CloneSummary> | null;
  return (
    typeof record?.from === "string" &&
    typeof record.backupId === "string" &&
    Array.isArray(record.instanceIds)
  );
}

/** Replaces `file` whole: a crash or a full disk leaves the old content or the new, never a part. */
function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w", 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

const format = (summary: CloneSummary) => `${JSON.stringify(summary, null, 2)}\n`;

/** The output file of one clone run; `release()` when the run ends, whatever happened. */
export class CloneRecord {
  private sent = false;

  private constructor(
    private readonly file: string,
    private readonly lock: string,
    /** The file's text before this run, restored when nothing was ordered. */
    private readonly previous: string | undefined,
  ) {}

  /**
   * Checks the file before any API call and takes its lock: the directory must exist, and the file, when there
   * is one, must hold a settled clone record.
   */
  static open(file: string): CloneRecord {
    const directory = dirname(resolve(file));
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      throw new InvalidInputError(
        "outputFile",
        `--output-file: directory ${directory} does not exist; create it or choose another path`,
      );
    }
    const lock = `${file}.lock`;
    try {
      closeSync(openSync(lock, "wx", 0o600));
    } catch {
      throw new TaskError(
        `--output-file: ${lock} exists: another clone to ${file} is running, or one stopped before it could record its outcome; if none is running, check the console for its instances, then delete ${lock}`,
      );
    }
    try {
      return new CloneRecord(file, lock, CloneRecord.readSettled(file));
    } catch (error) {
      rmSync(lock, { force: true });
      throw error;
    }
  }

  private static readSettled(file: string): string | undefined {
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, "utf8");
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      record = undefined;
    }
    if (!isRecord(record)) {
      throw new InvalidInputError(
        "outputFile",
        `--output-file: ${file} holds something other than a clone record; move it away or choose another path`,
      );
    }
    if (typeof record.unsettled === "string") {
      throw new TaskError(
        `--output-file: ${file} records an earlier clone of ${record.from} (${orderName(record.dealName)}) whose outcome is unknown: ` +
          `${record.unsettled}; find its instances in the console, then delete ${file} to clone again`,
      );
    }
    return text;
  }

  /** Written just before CloneInstances is sent. */
  sending(from: string, backupId: string): void {
    const unsettled = `CloneInstances sent at ${new Date().toISOString()}, no answer read`;
    replaceFile(this.file, format({ from, backupId, instanceIds: [], unsettled }));
    this.sent = true;
  }

  /** The clone failed: the earlier file comes back when nothing was ordered; otherwise it stays unsettled. */
  failed(from: string, backupId: string, error: unknown): void {
    if (!this.sent) return; // it failed before the request: the file was never touched
    const code = codeOf(error);
    if (code && REFUSALS.test(code)) {
      if (this.previous === undefined) rmSync(this.file, { force: true });
      else replaceFile(this.file, this.previous);
      return;
    }
    const known = error instanceof CloneUnsettledError ? error.outcome : { instanceIds: [] };
    const requestId = known.requestId ?? (error instanceof ApiError ? plainId(error.requestId) : undefined);
    const summary = { from, backupId, ...known, ...(requestId ? { requestId } : {}) };
    replaceFile(this.file, format({ ...summary, unsettled: unsettledReason(error) }));
  }

  /** The result, once Tencent named the new instances. */
  settled(summary: CloneSummary): void {
    replaceFile(this.file, format(summary));
  }

  /** Ends the run: the next clone to the file may start. */
  release(): void {
    rmSync(this.lock, { force: true });
  }
}
