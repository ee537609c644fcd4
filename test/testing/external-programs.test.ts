/**
 * runExternalPrograms follows the external provider's rules on a hand-written stack: `${path.module}` is the
 * stack folder, `working_dir` is the program's directory, empty program elements and null query values are
 * dropped, and a null result value reads as "".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExternalPrograms } from "../../src/testing";

let stackDir: string;
beforeEach(() => {
  stackDir = mkdtempSync(join(tmpdir(), "crs-external-"));
  mkdirSync(join(stackDir, "sub"));
  // Prints the directory it runs in and the query it read, the way a program of the stack would answer.
  writeFileSync(
    join(stackDir, "echo.cjs"),
    `const query = JSON.parse(require("fs").readFileSync(0, "utf8"));
     process.stdout.write(JSON.stringify({ cwd: process.cwd(), keys: Object.keys(query).join(","), empty: null }));`,
  );
});
afterEach(() => rmSync(stackDir, { recursive: true, force: true }));

function writeStack(external: Record<string, unknown>): void {
  writeFileSync(join(stackDir, "cdk.tf.json"), JSON.stringify({ data: { external } }));
}

it("runs `${path.module}/...` programs from the stack folder, or from working_dir when set", async () => {
  const program = ["node", "", "${path.module}/echo.cjs"];
  writeStack({
    here: { program, query: { a: "1", gone: null } },
    there: { program: ["node", `${stackDir}/echo.cjs`], working_dir: "sub", query: { b: "2" } },
  });
  const [here, there] = await runExternalPrograms(stackDir, { PATH: process.env.PATH });
  expect(here).toMatchObject({ name: "here", exitCode: 0, query: { a: "1" } });
  expect(here?.result).toEqual({ cwd: stackDir, keys: "a", empty: "" });
  expect(there?.result).toMatchObject({ cwd: join(stackDir, "sub"), keys: "b" });
});

it("refuses a query holding a Terraform reference other than path.module", async () => {
  writeStack({ ref: { program: ["node", "echo.cjs"], query: { a: "${var.x}" } } });
  await expect(runExternalPrograms(stackDir, {})).rejects.toThrow(
    "data.external.ref: its query holds Terraform references; only Terraform can resolve them",
  );
});
