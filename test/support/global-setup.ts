/**
 * One temp folder per test run, as TMPDIR for every worker and every process the tests start: cdktf's
 * `Testing.app()` makes a `cdktf.outdir.*` folder per synth and never removes it (hundreds a run), and a test
 * killed halfway leaves its own folders behind. global-teardown.ts removes the whole folder.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function globalSetup(): void {
  const folder = mkdtempSync(join(tmpdir(), "crs-backup-tests-"));
  process.env.CRS_BACKUP_TEST_TMPDIR = folder;
  process.env.TMPDIR = folder;
}
