/**
 * `npm run bench`: the issue-6 benchmarks. Prints a table (median, min, max over several runs, ratios against
 * bare node and a naive full-SDK script) and writes bench/results.json. `--smoke` runs tiny sizes once (tests).
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import {
  assetScenario,
  bigWindowScenario,
  FULL,
  parallelScenario,
  type Row,
  SMOKE,
  startupScenario,
  synthScenario,
} from "./scenarios";

function format(row: Row): string {
  const n = (v: number) => (Number.isNaN(v) ? "n/a" : v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const verdict = row.pass === undefined ? "" : row.pass ? "PASS" : "MISS";
  return [
    row.scenario.padEnd(22),
    row.metric.padEnd(42),
    `${n(row.stats.median)} ${row.unit}`.padStart(12),
    `${n(row.stats.min)}..${n(row.stats.max)}`.padStart(14),
    String(row.stats.runs).padStart(4),
    (row.ratio ?? "").padStart(8),
    (row.naiveRatio ?? "").padStart(8),
    (row.target ?? "").padStart(12),
    verdict.padStart(5),
  ].join("  ");
}

/** Runs every scenario; returns the rows. */
export async function runBench(
  smoke: boolean,
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
) {
  const sizes = smoke ? SMOKE : FULL;
  print(
    [
      "scenario".padEnd(22),
      "metric".padEnd(42),
      "median".padStart(12),
      "min..max".padStart(14),
      "runs",
      "ratio".padStart(8),
      "x naive".padStart(8),
      "target".padStart(12),
      "".padStart(5),
    ].join("  "),
  );
  const rows: Row[] = [];
  for (const scenario of [
    startupScenario,
    bigWindowScenario,
    parallelScenario,
    async () => assetScenario(),
    synthScenario,
  ]) {
    for (const row of await scenario(sizes)) {
      rows.push(row);
      print(format(row));
    }
  }
  return rows;
}

if (require.main === module) {
  const smoke = process.argv.includes("--smoke");
  runBench(smoke).then(
    (rows) => {
      if (!smoke) {
        const results = {
          date: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          rows,
        };
        writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
        process.stdout.write("\nwrote bench/results.json\n");
      }
    },
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
