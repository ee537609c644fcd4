/**
 * The clone's `--output-file`, kept as a write-ahead record: a clone creates billable instances, and Terraform
 * runs a failed step again at the next apply. Before CloneInstances is sent the file says a clone is unsettled;
 * it becomes the result once Tencent names the new instances. When the outcome stays unknown (no answer, an
 * unreadable one, an order without instance ids) the unsettled record stays, and the next clone to that file is
 * refused until someone has checked and deleted it: never a second, silent order.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CloneUnsettledError } from "../api";
import { ApiError, InvalidInputError, TaskError } from "../backups/errors";

/** What the file holds: the result, or an unsettled clone (`instanceIds` empty, `unsettled` saying why). */
export interface CloneSummary {
  readonly from: string;
  readonly backupId: string;
  readonly instanceIds: readonly string[];
  readonly dealName?: string;
  readonly requestId?: string;
  /** Present while the clone's outcome is unknown. */
  readonly unsettled?: string;
}

function write(file: string, summary: CloneSummary): void {
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
}

function readUnsettled(file: string): CloneSummary | undefined {
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined; // no file, or not ours to judge: it is overwritten like any earlier result
  }
  const summary = record as Partial<CloneSummary> | null;
  return typeof summary?.unsettled === "string" ? (summary as CloneSummary) : undefined;
}

/**
 * True when nothing was ordered: Tencent refused with an error code, or the request was never sent (invalid
 * input found on the way, such as missing credentials). A server fault (InternalError, SystemError) may strike
 * after the order was taken, and an unreadable answer or none at all says nothing: those stay unsettled.
 */
function nothingOrdered(error: unknown): boolean {
  if (error instanceof InvalidInputError) return true;
  if (!(error instanceof ApiError) || error.code === undefined) return false;
  const { code } = error;
  return !(
    code === "MalformedResponse" ||
    code.startsWith("InternalError") ||
    code === "FailedOperation.SystemError"
  );
}

/** Why the outcome is unknown, in our words: server text and messages stay out of a file. */
function unsettledReason(error: unknown): string {
  if (error instanceof CloneUnsettledError) {
    const order = error.dealName ? `order ${error.dealName}` : "the order";
    return `CloneInstances accepted ${order} but named no new instance`;
  }
  if (error instanceof ApiError && error.code === "MalformedResponse") {
    return "CloneInstances answered, but the answer could not be read";
  }
  if (error instanceof ApiError && error.code !== undefined) {
    return `CloneInstances failed with ${error.code}, which may strike after the order was taken`;
  }
  return "CloneInstances got no answer (network failure, timeout or an HTTP error)";
}

/** The output file of one clone run. */
export class CloneRecord {
  private readonly previous: string | undefined;

  /**
   * Checks the file before any API call: its directory must exist, and it must not hold an unsettled clone.
   */
  constructor(private readonly file: string) {
    const directory = dirname(resolve(file));
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      throw new InvalidInputError(
        "outputFile",
        `--output-file: directory ${directory} does not exist; create it or choose another path`,
      );
    }
    const unsettled = readUnsettled(file);
    if (unsettled) {
      const order = unsettled.dealName ? ` (order ${unsettled.dealName})` : "";
      throw new TaskError(
        `--output-file: ${file} records an earlier clone of ${unsettled.from}${order} whose outcome is unknown: ` +
          `${unsettled.unsettled}; find its instance in the console, then delete ${file} to clone again`,
      );
    }
    this.previous = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  }

  /** Written just before CloneInstances is sent. */
  sending(from: string, backupId: string): void {
    const at = new Date().toISOString();
    write(this.file, {
      from,
      backupId,
      instanceIds: [],
      unsettled: `CloneInstances sent at ${at}, no answer read`,
    });
  }

  /** The clone failed: the earlier file comes back when nothing was ordered; otherwise it stays unsettled. */
  failed(from: string, backupId: string, error: unknown): void {
    if (nothingOrdered(error)) {
      if (this.previous === undefined) rmSync(this.file, { force: true });
      else writeFileSync(this.file, this.previous);
      return;
    }
    const requestId =
      error instanceof ApiError || error instanceof CloneUnsettledError ? error.requestId : undefined;
    write(this.file, {
      from,
      backupId,
      instanceIds: [],
      ...(error instanceof CloneUnsettledError && error.dealName ? { dealName: error.dealName } : {}),
      ...(requestId ? { requestId } : {}),
      unsettled: unsettledReason(error),
    });
  }

  /** The result, once Tencent named the new instances. */
  settled(summary: CloneSummary): void {
    write(this.file, summary);
  }
}
