/** Removes the run's temp folder (global-setup.ts). */
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const folder = process.env.CRS_BACKUP_TEST_TMPDIR;
  if (folder) rmSync(folder, { recursive: true, force: true });
}
