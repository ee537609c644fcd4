/** The regions the emulator serves: Tencent's public regions, plus any region a seeded instance lives in. */
import { EmulatorApiError } from "./api-error";

/** Tencent Cloud regions with a Redis (CRS) endpoint, financial ones included. */
export const TENCENT_REGIONS: ReadonlySet<string> = new Set([
  "ap-guangzhou",
  "ap-shanghai",
  "ap-nanjing",
  "ap-beijing",
  "ap-chengdu",
  "ap-chongqing",
  "ap-hongkong",
  "ap-singapore",
  "ap-jakarta",
  "ap-seoul",
  "ap-tokyo",
  "ap-mumbai",
  "ap-bangkok",
  "na-siliconvalley",
  "na-ashburn",
  "na-toronto",
  "sa-saopaulo",
  "eu-frankfurt",
  "ap-shanghai-fsi",
  "ap-shenzhen-fsi",
  "ap-beijing-fsi",
]);

/**
 * Throws UnsupportedRegion, as the service does, for a region that is neither Tencent's nor a seeded instance's
 * (`seeded`: the regions of the seed, which may name custom ones).
 */
export function requireSupportedRegion(region: string, seeded: ReadonlySet<string>): void {
  if (!TENCENT_REGIONS.has(region) && !seeded.has(region)) {
    throw new EmulatorApiError("UnsupportedRegion", `The region \`${region}\` is not supported`);
  }
}
