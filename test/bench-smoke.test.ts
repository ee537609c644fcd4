/** A tiny run of the benchmark code (sizes of bench/scenarios.ts SMOKE): it must run end to end. No timing assertions. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runBench } from "../bench/run";
import { ensureBundled } from "./support/assets";

it("runs every scenario with small sizes and reports the correctness checks", async () => {
  ensureBundled("resolver");
  if (!existsSync(join(__dirname, "..", "lib", "index.js"))) {
    process.stdout.write(
      "SKIPPED part: lib/ is not built (npm test builds it); the synth scenario needs it\n",
    );
    return;
  }
  const lines: string[] = [];
  const rows = await runBench(true, (line) => lines.push(line));
  expect(rows.map((r) => r.metric)).toEqual(
    expect.arrayContaining([
      "resolver wall",
      "resolver peak RSS",
      "API calls",
      "failed lookups (all runs)",
      "assets/resolver.cjs size",
    ]),
  );
  expect(rows.find((r) => r.metric === "failed lookups (all runs)")?.stats.median).toBe(0);
  expect(rows.find((r) => r.metric === "API calls")?.pass).toBe(true);
  expect(lines.length).toBe(rows.length + 1);
}, 120_000);
