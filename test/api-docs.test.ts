/**
 * API.md is generated from src/index.ts (scripts/api-docs.mjs) and must stay in sync; the generator fails on an
 * export without TSDoc.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = join(__dirname, "..");
const SCRIPT = join(ROOT, "scripts", "api-docs.mjs");
const run = promisify(execFile);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crs-api-docs-test-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the generator; resolves with its exit code and output, whatever the code. */
async function generate(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("API.md", () => {
  it("is up to date with src/index.ts and its TSDoc", async () => {
    const fresh = join(dir, "API.md");
    const { code, output } = await generate("--out", fresh);
    expect({ code, output: code === 0 ? "" : output }).toEqual({ code: 0, output: "" });
    const committed = existsSync(join(ROOT, "API.md")) ? readFileSync(join(ROOT, "API.md"), "utf8") : "";
    const regenerated = readFileSync(fresh, "utf8");
    if (committed !== regenerated) throw new Error("API.md is out of date: run `npm run docs` and commit it");
    // Deterministic: no machine paths, no generation time.
    expect(regenerated).not.toContain(ROOT);
    expect(regenerated).not.toContain(tmpdir());
    expect(regenerated).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
    for (const name of [
      "RedisBackupLookup",
      "resolveLatestBackup",
      "LookupMode",
      "BackupType",
      "NoBackupMatchedError",
    ]) {
      expect(regenerated).toContain(`### ${name}`);
    }
  });

  it("is not written when an export lacks TSDoc, and the failure names it", async () => {
    writeFileSync(
      join(dir, "index.ts"),
      "/** Documented. */\nexport const documented = 1;\nexport const bare = 2;\n",
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ["index.ts"] }),
    );
    writeFileSync(
      join(dir, "typedoc.json"),
      JSON.stringify({
        extends: [join(ROOT, "typedoc.json")],
        entryPoints: ["./index.ts"],
        tsconfig: "./tsconfig.json",
      }),
    );
    const out = join(dir, "API.md");
    const { code, output } = await generate("--options", join(dir, "typedoc.json"), "--out", out);
    expect(code).toBe(1);
    expect(output).toMatch(/bare .*does not have any documentation/);
    expect(output).toContain("document every export with TSDoc");
    expect(existsSync(out)).toBe(false);
  });
});
