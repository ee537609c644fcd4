/** `npm run demo` end to end (the built-in-emulator path), as a user runs it after `npm ci`. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTerraform, runProcess } from "../src/testing";
import { ensureBundled } from "./support/assets";

const ROOT = join(__dirname, "..");

it("resolves the latest system backup and, with terraform, shows the pin hold and rotate", async () => {
  ensureBundled("resolver");
  const outdir = mkdtempSync(join(tmpdir(), "crs-demo-out-"));
  try {
    const run = await runProcess(
      process.execPath,
      [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/demo.ts"],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, CRS_DEMO_OUTDIR: outdir },
        timeoutMs: 120_000,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    // How many nightlies a 26-hour window holds depends on the time of day (two from 02:00 to 04:00 Beijing).
    expect(run.stdout).toMatch(
      /-> system backup \S+ started \S+\+08:00; [12] of \d+ backups in the window matched/,
    );
    if (findTerraform()) {
      expect(run.stdout).toContain("pin HELD");
      expect(run.stdout).toContain("pin ROTATED");
    } else {
      expect(run.stdout).toContain("terraform is not on PATH");
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
