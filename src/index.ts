/**
 * cdktf-tencentcloud-redis-backup: the latest usable backup of a Tencent Cloud Redis instance for CDKTF stacks,
 * with restore and clone steps. The emulator lives in the separate entry `cdktf-tencentcloud-redis-backup/lib/emulator`.
 */
export * from "./constructs";
