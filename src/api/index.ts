/** The Tencent API layer: credentials, endpoints, clients, paging, retries, lookup and operations. */

export { instanceNameProblem, passwordProblem, periodProblem } from "./clone-rules";
export type { ConnectionOptions, ResolvedConnection } from "./connection";
export { resolveConnection } from "./connection";
export type { CredentialOptions, Credentials } from "./credentials";
export { DEFAULT_METADATA_ENDPOINT, resolveCredentials } from "./credentials";
export type { ResolvedEndpoint } from "./endpoint";
export {
  DEFAULT_LEGACY_ENDPOINT,
  defaultEndpoint,
  isFinancialRegion,
  LEGACY_PATH,
  parseEndpoint,
  resolveEndpoint,
  resolveRegion,
} from "./endpoint";
export { formatApiMessage, hintFor, toApiError } from "./errors";
export type { ApiEvent, ApiEventListener } from "./events";
export type { LegacyClient, LegacyListRequest } from "./legacy-client";
export { createLegacyClient } from "./legacy-client";
export { listSpan, PAGE_LIMIT } from "./listing";
export type { ListingOutcome, LookupOutcome, LookupRequest } from "./lookup";
export { findLatestBackup, listInstanceBackups } from "./lookup";
export type { ManualBackupOutcome, ManualBackupRequest } from "./manual-backup";
export { createManualBackup } from "./manual-backup";
export type { CloneOutcome, CloneRequest, RestoreRequest } from "./operations";
export { CloneUnsettledError, cloneInstances, orderName, plainId, restoreInstance } from "./operations";
export { statusFilter } from "./page-source";
export type { RetryOptions } from "./retry";
export { withRetry } from "./retry";
export type { TaskOutcome, TaskStatus, WaitOptions } from "./tasks";
export { waitForTask } from "./tasks";
export type { Throttle } from "./throttle";
export { createThrottle } from "./throttle";
export type { RawResponse, RedisV3Client } from "./v3-client";
export { createV3Client } from "./v3-client";
