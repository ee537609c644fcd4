/**
 * What `npm pack` ships: the compiled library (lib/**\/*.js + .d.ts), the bundled programs (the resolver, the CLI
 * and the emulator the CLI loads for `crs-backup emulator`), the CLI's bin,
 * README.md, API.md, LICENSE when present, package.json, and nothing else. Then the packed tarball is installed
 * the way npm would lay it out and used as a consumer would: both entries load, typings check, the CLI starts.
 * Run after `npm run build` (`npm test` builds before jest).
 */
import { execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";

const ROOT = join(__dirname, "..");
const PACKAGE = require(join(ROOT, "package.json")) as {
  name: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** Files shipped besides lib/: exact paths. LICENSE only when the repository has one. */
const SHIPPED_FILES = [
  "package.json",
  "README.md",
  "API.md",
  "assets/resolver.cjs",
  "assets/crs-backup.cjs",
  "assets/emulator.cjs",
  "bin/crs-backup.js",
  ...(existsSync(join(ROOT, "LICENSE")) ? ["LICENSE"] : []),
];
const LIB_FILE = /^lib\/.+(\.js|\.d\.ts)$/;
/** Upper bound on the unpacked size, to notice an accidental inclusion early (measured ~0.55 MB). */
const MAX_UNPACKED_BYTES = 2_000_000;

interface PackResult {
  filename: string;
  unpackedSize: number;
  files: { path: string }[];
}

async function pack(args: string[]): Promise<PackResult> {
  const { stdout } = await run(NPM, ["pack", "--json", "--ignore-scripts", ...args], {
    cwd: ROOT,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as PackResult[])[0];
}

/** Every src/**\/*.ts file, relative to src, without the extension. */
function sourceModules(dir = join(ROOT, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")
      ? [relative(join(ROOT, "src"), path).replace(/\\/g, "/").replace(/\.ts$/, "")]
      : [];
  });
}

describe("npm pack", () => {
  let listed: PackResult;
  beforeAll(async () => {
    listed = await pack(["--dry-run"]);
  });

  it("ships the library, the bundled programs, the bin and the docs, and nothing else", () => {
    const paths = listed.files.map((file) => file.path).sort();
    const unexpected = paths.filter((path) => !SHIPPED_FILES.includes(path) && !LIB_FILE.test(path));
    expect(unexpected).toEqual([]);
    expect(paths.filter((path) => SHIPPED_FILES.includes(path)).sort()).toEqual([...SHIPPED_FILES].sort());
    for (const banned of [
      /^src\//,
      /^test\//,
      /^examples\//,
      /cdktf\.out/,
      /\.gen\//,
      /node_modules/,
      /\.map$/,
    ]) {
      expect(paths.filter((path) => banned.test(path))).toEqual([]);
    }
    expect(listed.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  it("ships exactly the compiled modules of src/: each with its .js and .d.ts, none stale", () => {
    const shipped = new Set(listed.files.map((file) => file.path).filter((path) => LIB_FILE.test(path)));
    const expected = new Set(sourceModules().flatMap((module) => [`lib/${module}.js`, `lib/${module}.d.ts`]));
    const missing = [...expected].filter((path) => !shipped.has(path));
    const stale = [...shipped].filter((path) => !expected.has(path));
    if (missing.length > 0 || stale.length > 0) {
      throw new Error(
        `lib/ is out of date (missing: ${missing.join(", ") || "none"}; without a source: ` +
          `${stale.join(", ") || "none"}); run: rm -rf lib && npm run build`,
      );
    }
  });

  it("points main, types and bin at shipped files", () => {
    const paths = new Set(listed.files.map((file) => file.path));
    for (const target of [PACKAGE.main, PACKAGE.types, ...Object.values(PACKAGE.bin)]) {
      expect(paths.has(target.replace(/^\.\//, ""))).toBe(true);
    }
  });
});

describe("dependencies", () => {
  it("takes cdktf and constructs from the app (peers), so a stack's constructs and ours are one copy", () => {
    // A nested copy of either makes `new RedisBackupLookup(this, ...)` a type error and a synth-time crash
    // (`scope.node._scopes is not iterable`) in an app on another constructs release.
    for (const name of ["cdktf", "constructs"]) {
      expect(PACKAGE.dependencies).not.toHaveProperty(name);
      expect(PACKAGE.peerDependencies[name]).toMatch(/^\^/);
      // Built and tested against the lowest release the range admits.
      expect(PACKAGE.peerDependencies[name]).toBe(`^${PACKAGE.devDependencies[name]}`);
    }
  });
});

describe("the packed tarball, installed", () => {
  let dir: string;
  let installed: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "crs-pack-"));
    const { filename } = await pack(["--pack-destination", dir]);
    installed = join(dir, "node_modules", PACKAGE.name);
    mkdirSync(installed, { recursive: true });
    await run("tar", ["-xzf", join(dir, filename), "-C", installed, "--strip-components=1"]);
    // npm would install the dependencies next to the package, and the app brings the peers; link ours (and the
    // typings tsc needs).
    const peers = Object.keys(PACKAGE.peerDependencies);
    for (const dependency of [...Object.keys(PACKAGE.dependencies), ...peers, "@types/node"]) {
      const link = join(dir, "node_modules", dependency);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", dependency), link, "dir");
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads the main entry and the emulator entry, and the main entry does not expose the emulator", async () => {
    const script = [
      `const main = require(${JSON.stringify(PACKAGE.name)});`,
      `const emulator = require(${JSON.stringify(`${PACKAGE.name}/lib/emulator`)});`,
      "console.log(JSON.stringify({",
      "  main: ['RedisBackupLookup', 'RedisBackupRestore', 'RedisBackupClone', 'resolveLatestBackup', 'BackupType',",
      "    'OnNone', 'ApiVersion', 'LookupMode', 'NoBackupMatchedError'].filter((k) => main[k] === undefined),",
      "  leaked: ['startEmulator', 'findLatestBackup', 'parseCriteria'].filter((k) => main[k] !== undefined),",
      "  emulator: typeof emulator.startEmulator,",
      "}));",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["-e", script], { cwd: dir, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ main: [], leaked: [], emulator: "function" });
  });

  it("type-checks a consumer of both entries against the shipped typings", async () => {
    writeFileSync(
      join(dir, "consumer.ts"),
      [
        `import { App, TerraformStack } from "cdktf";`,
        `import { BackupType, LookupMode, RedisBackupLookup, resolveLatestBackup, type ResolvedBackup } from ${JSON.stringify(PACKAGE.name)};`,
        `import { startEmulator } from ${JSON.stringify(`${PACKAGE.name}/lib/emulator`)};`,
        "export async function main(): Promise<string> {",
        "  const emulator = await startEmulator({ port: 0 });",
        "  const backup: ResolvedBackup = await resolveLatestBackup({ instanceId: 'crs-1', lookups: LookupMode.OFF });",
        "  const stack = new TerraformStack(new App(), 'x');",
        "  const lookup = new RedisBackupLookup(stack, 'l', { instanceId: 'crs-1', backupType: BackupType.SYSTEM });",
        "  // The enums' plain strings are accepted as well (CONVENTIONS).",
        "  new RedisBackupLookup(stack, 'p', { instanceId: 'crs-1', backupType: 'specChange', onNone: 'empty', api: 'legacy' });",
        "  await resolveLatestBackup({ instanceId: 'crs-1', backupType: 'manual', lookups: 'off' }).catch(() => undefined);",
        "  await emulator.close();",
        "  return `${backup.backupId} ${lookup.pin().backupId}`;",
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "commonjs",
          moduleResolution: "node",
          target: "ES2022",
          types: ["node"],
          skipLibCheck: false,
        },
        files: ["consumer.ts"],
      }),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], {
      cwd: dir,
      timeout: 60_000,
    }).catch((error: { stdout?: string }) => ({ stdout: `FAILED\n${error.stdout ?? ""}` }));
    expect(result.stdout).toBe("");
  });

  it("compiles the README's quick start (and its restore snippet) under cdktf's template options, and synthesizes it", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const tsBlocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const quickStart = tsBlocks.find((block) => block.includes("app.synth()"))!;
    const restore = tsBlocks.find((block) => block.includes("new RedisBackupRestore("))!;
    expect(quickStart).toContain(`from "${PACKAGE.name}"`);
    // The restore snippet goes where its comment says: in the stack, after `pinned`.
    const withRestore = quickStart
      .replace(/^(import \{ BackupType, RedisBackupLookup) \}/m, "$1, RedisBackupRestore }")
      .replace(
        /^(\s*)new TerraformOutput\(/m,
        (line, indent: string) => `${restore.replace(/^/gm, indent).trimEnd()}\n${line}`,
      );
    const app = join(dir, "readme-app");
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, "main.ts"), quickStart);
    writeFileSync(join(app, "with-restore.ts"), withRestore);
    // `cdktf init --template=typescript`'s compiler options (its noUnused* checks reject an unused import).
    const compilerOptions = {
      alwaysStrict: true,
      declaration: true,
      experimentalDecorators: true,
      lib: ["es2018"],
      module: "CommonJS",
      noEmitOnError: true,
      noFallthroughCasesInSwitch: true,
      noImplicitAny: true,
      noImplicitReturns: true,
      noImplicitThis: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      resolveJsonModule: true,
      strict: true,
      strictNullChecks: true,
      strictPropertyInitialization: true,
      stripInternal: true,
      target: "ES2018",
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(dir, "node_modules", "@types")],
    };
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions, files: ["main.ts", "with-restore.ts"] }),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const compiled = await run(process.execPath, [tsc, "-p", join(app, "tsconfig.json")], {
      cwd: app,
      timeout: 60_000,
    }).catch((error: { stdout?: string }) => ({ stdout: `FAILED\n${error.stdout ?? ""}` }));
    expect(compiled.stdout).toBe("");
    await run(process.execPath, [join(app, "main.js")], { cwd: app, timeout: 60_000 });
    const stackDir = join(app, "cdktf.out", "stacks", "staging");
    const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const [external] = Object.values(stack.data.external) as { program: string[] }[];
    const program = external!.program[1]!.replace("${path.module}", stackDir);
    expect(existsSync(program)).toBe(true);
    expect(Object.keys(stack.variable)).toEqual(["restore_request"]);
  });

  it("runs the CLI from the bin with the bundled program", async () => {
    const { stdout } = await run(process.execPath, [join(installed, PACKAGE.bin["crs-backup"]), "--help"], {
      cwd: dir,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/crs-backup/);
    expect(stdout).toMatch(/latest/);
  });

  it("runs `crs-backup emulator` from the bin: it prints the exports and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [join(installed, PACKAGE.bin["crs-backup"]), "emulator", "--port", "0", "--demo"],
      { cwd: dir, env: { PATH: process.env["PATH"] }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
          if (/^export TENCENTCLOUD_REGION=/m.test(stdout)) resolve();
        });
        child.on("close", () => reject(new Error(`emulator exited early: ${stdout}${stderr}`)));
      });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    clearTimeout(killer);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^crs-backup emulator listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toMatch(/^export TENCENTCLOUD_REGION=ap-guangzhou$/m);
  });
});
