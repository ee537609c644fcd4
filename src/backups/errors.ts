/**
 * Error classes carrying the documented exit codes (see README "Exit codes").
 * Every surface (CLI, resolver, constructs) prints `message` as one line and exits with `exitCode`.
 */

/** Base class: a failure we expected and can explain in one line. */
export abstract class CrsBackupError extends Error {
  /** The documented process exit code (2 invalid input, 3 nothing matched, 4 API failure, 5 task failure). */
  abstract readonly exitCode: 2 | 3 | 4 | 5;
}

/** Exit 2: invalid input or configuration. `field` is the canonical field name (e.g. "beginTime"). */
export class InvalidInputError extends CrsBackupError {
  /** Always 2. */
  readonly exitCode = 2 as const;
  constructor(
    /** The canonical field name, e.g. `beginTime`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidInputError";
  }
}

/** Exit 3: no usable backup matched (including a pinned id that exists but is unusable). */
export class NoBackupMatchedError extends CrsBackupError {
  /** Always 3. */
  readonly exitCode = 3 as const;
  constructor(
    message: string,
    /** Why nothing matched, e.g. `41 backups in window: 12 manual, 1 locked; no usable system backup`. */
    readonly diagnostics: string,
  ) {
    super(message);
    this.name = "NoBackupMatchedError";
  }
}

/** Exit 4: the API, auth or network failed (after retries). */
export class ApiError extends CrsBackupError {
  /** Always 4. */
  readonly exitCode = 4 as const;
  constructor(
    message: string,
    /** Tencent error code, e.g. "UnauthorizedOperation.NoCAMAuthed"; undefined for network errors. */
    readonly code?: string,
    /** Tencent's RequestId of the failed call, for support tickets; undefined for network errors. */
    readonly requestId?: string,
    /** False for errors that must not be retried (auth, permission, bad parameter). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Exit 5: a restore, clone or backup task failed or timed out. */
export class TaskError extends CrsBackupError {
  /** Always 5. */
  readonly exitCode = 5 as const;
  constructor(
    message: string,
    /** The Tencent task id, when a task was started. */
    readonly taskId?: number,
  ) {
    super(message);
    this.name = "TaskError";
  }
}
