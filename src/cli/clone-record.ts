/**
 * The clone's `--output-file`, kept as a write-ahead record: a clone creates billable instances, and Terraform
 * runs a failed step again at the next apply. Just before CloneInstances is sent the file says a clone is
 * unsettled; it becomes the result once Tencent names the new instances. When the outcome stays unknown (no
 * answer, an unreadable one, a server fault, an order without instance ids) the unsettled record stays, and the
 * next clone to that file is refused until someone has settled it: never a second, silent order.
 * One run at a time per file (`<file>.lock`, released on every exit, Ctrl-C and SIGTERM included); every write
 * replaces the file whole (`<file>.tmp`, flushed, renamed over it).
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
  writeFileSync,
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
 * payment or deal, a code we do not know) may come after the order was taken, so it leaves the clone unsettled.
 */
const REFUSALS =
  /^(InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|InvalidAction|AuthFailure|UnauthorizedOperation|RequestLimitExceeded|LimitExceeded|ResourceNotFound|ResourceUnavailable|UnsupportedOperation|UnsupportedRegion|OperationDenied)(\.|$)/;

/** Exit codes of a process ended by these signals (128 + the signal's number). */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

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

const format = (summary: CloneSummary) => `${JSON.stringify(summary, null, 2)}\n`;

/** The output file of one clone run; `release()` when the run ends, whatever happened. */
export class CloneRecord {
  private sent: { from: string; backupId: string } | undefined;
  private lockHeld = false;
  /** The file's text before this run, restored when nothing was ordered. */
  private previous: string | undefined;
  private readonly onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => {
    // The record already says unsettled if the request went out; only the lock must not outlive the run.
    this.release();
    process.exit(SIGNAL_EXIT_CODES[signal]);
  };

  /** Listens for signals before the lock exists, so no moment holds the lock without a way to release it. */
  private constructor(
    private readonly file: string,
    private readonly lock: string,
  ) {
    process.once("SIGINT", this.onSignal);
    process.once("SIGTERM", this.onSignal);
  }

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
    const record = new CloneRecord(file, `${file}.lock`);
    try {
      takeLock(record.lock, file);
      record.lockHeld = true;
      record.previous = readSettled(file);
      return record;
    } catch (error) {
      record.release();
      throw error;
    }
  }

  /** Written just before CloneInstances is sent; if it cannot be written, nothing is sent (exit 2). */
  sending(from: string, backupId: string): void {
    const unsettled = `CloneInstances sent at ${new Date().toISOString()}, no answer read`;
    try {
      this.replace(format({ from, backupId, instanceIds: [], unsettled }));
    } catch (error) {
      throw new InvalidInputError(
        "outputFile",
        `--output-file: cannot write ${this.file} (${errorCode(error)}); nothing was sent: make it writable or choose another path`,
      );
    }
    this.sent = { from, backupId };
  }

  /**
   * The clone failed: the earlier file comes back when nothing was ordered; otherwise it stays unsettled. Never
   * throws (the clone's own error is the one to report): should a write fail, the record still says unsettled.
   */
  failed(error: unknown): void {
    if (!this.sent) return; // it failed before the request: the file was never touched
    try {
      const code = codeOf(error);
      if (code && REFUSALS.test(code)) {
        if (this.previous === undefined) rmSync(this.file, { force: true });
        else this.replace(this.previous);
        return;
      }
      const known = error instanceof CloneUnsettledError ? error.outcome : { instanceIds: [] };
      const requestId = known.requestId ?? (error instanceof ApiError ? plainId(error.requestId) : undefined);
      const summary = { ...this.sent, ...known, ...(requestId ? { requestId } : {}) };
      this.replace(format({ ...summary, unsettled: unsettledReason(error) }));
    } catch {
      // the sending() record stands: unsettled, which is the safe side
    }
  }

  /** The result, once Tencent named the new instances; a failure to write it names them (exit 5). */
  settled(summary: CloneSummary): void {
    try {
      this.replace(format(summary));
    } catch (error) {
      throw new TaskError(
        `cloned ${summary.instanceIds.join(", ")}, but ${this.file} could not be written (${errorCode(error)}); ` +
          "it still says unsettled: write these ids into it, or delete it once the clone is adopted",
      );
    }
  }

  /** Ends the run: the next clone to the file may start (a lock another run holds is left alone). */
  release(): void {
    process.off("SIGINT", this.onSignal);
    process.off("SIGTERM", this.onSignal);
    if (this.lockHeld) rmSync(this.lock, { force: true });
    this.lockHeld = false;
  }

  /** Replaces the file whole: a crash or a full disk leaves the old content or the new, never a part. */
  private replace(text: string): void {
    const temporary = `${this.file}.tmp`; // ours alone while the lock is held
    try {
      const fd = openSync(temporary, "w", 0o644);
      try {
        writeFileSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.file);
    } catch (error) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // not ours to remove (a directory in the way): the original error says why
      }
      throw error;
    }
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "error";
}

/** Takes `<file>.lock`; a lock held (or left by a run that died) refuses the run, any other failure is exit 2. */
function takeLock(lock: string, file: string): void {
  try {
    closeSync(openSync(lock, "wx", 0o600));
  } catch (error) {
    if (errorCode(error) !== "EEXIST") {
      throw new InvalidInputError(
        "outputFile",
        `--output-file: cannot create ${lock} (${errorCode(error)}); check the directory, or choose another path`,
      );
    }
    throw new TaskError(
      `--output-file: ${lock} exists: another clone to ${file} is running, or one was killed; if none is running, ` +
        `check that ${file} says what happened (a clone killed after sending left it unsettled), then delete ${lock}`,
    );
  }
}

/** The file's text when it holds a settled clone record (or nothing); refuses anything else. */
function readSettled(file: string): string | undefined {
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
  if (record.unsettled !== undefined) {
    throw new TaskError(
      `--output-file: ${file} records an earlier clone of ${record.from} (${orderName(record.dealName)}) whose ` +
        `outcome is unknown: ${String(record.unsettled)}. If its instance exists, run \`terraform untaint\` on the ` +
        `clone step (so the next apply does not clone again), adopt the instance, then delete ${file}; if none ` +
        `exists, delete ${file} and apply again`,
    );
  }
  return text;
}
