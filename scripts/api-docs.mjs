#!/usr/bin/env node
/**
 * Generates API.md from src/index.ts with typedoc + typedoc-plugin-markdown (settings in typedoc.json):
 * one file, deterministic (no sources, no timestamps, no absolute paths). Fails, writing nothing, when an export
 * lacks TSDoc or anything else typedoc warns about (treatWarningsAsErrors).
 *
 *   node scripts/api-docs.mjs               write API.md
 *   node scripts/api-docs.mjs --out FILE    write FILE instead (test/api-docs.test.ts compares it with API.md)
 *   --options FILE                          typedoc options other than typedoc.json (the test's fixture extends it)
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, ArgumentsReader, TSConfigReader, TypeDocReader } from "typedoc";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GENERATED_NAME = "API.md"; // typedoc.json's entryFileName

/** The value after `flag`, resolved as a path; undefined when the flag is absent. */
function pathArgument(argv, flag) {
  const at = argv.indexOf(flag);
  if (at === -1) return undefined;
  const file = argv[at + 1];
  if (!file || file.startsWith("--")) throw new Error(`${flag}: missing; pass a file path`);
  return resolve(file);
}

/** Runs typedoc into `dir`; returns false (warnings already printed) when anything needs fixing. */
async function generate(dir, options) {
  const args = [
    ...["--options", options, "--out", dir, "--logLevel", "Warn"],
    // `tsc --noEmit` checks types; typedoc only documents, which keeps this fast and independent of WIP errors.
    "--skipErrorChecking",
  ];
  // Read the arguments first (to find typedoc.json and tsconfig) and last (to win over them), as typedoc's CLI does.
  const app = await Application.bootstrapWithPlugins({}, [
    new ArgumentsReader(0, args),
    new TypeDocReader(),
    new TSConfigReader(),
    new ArgumentsReader(300, args),
  ]);
  const project = await app.convert();
  if (!project) return false;
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) return false;
  await app.generateOutputs(project);
  return !app.logger.hasErrors() && !app.logger.hasWarnings();
}

/** Stable text: LF line endings, no trailing spaces, exactly one trailing newline. */
function normalize(text) {
  return `${text
    .replace(/\r\n/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .trimEnd()}\n`;
}

async function main() {
  const argv = process.argv.slice(2);
  const target = pathArgument(argv, "--out") ?? join(ROOT, "API.md");
  const options = pathArgument(argv, "--options") ?? join(ROOT, "typedoc.json");
  const dir = await mkdtemp(join(tmpdir(), "crs-api-docs-"));
  try {
    // typedoc resolves relative paths against the working directory: run it from the repository root.
    process.chdir(ROOT);
    if (!(await generate(dir, options))) {
      console.error(
        "api-docs: typedoc reported problems (above); document every export with TSDoc and retry",
      );
      process.exitCode = 1;
      return;
    }
    const text = normalize(await readFile(join(dir, GENERATED_NAME), "utf8"));
    await writeFile(target, text);
    console.log(`api-docs: wrote ${target === join(ROOT, "API.md") ? "API.md" : target}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
