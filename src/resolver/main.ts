/**
 * The plan-time resolver: the program of the `external` data source RedisBackupLookup synthesizes.
 * Bundled to assets/resolver.cjs; it never loads cdktf, the SDK or the emulator, so it starts about as fast as node.
 */
import { printableLine, redactSecrets } from "../api/errors";
import { CrsBackupError, InvalidInputError } from "../backups/errors";
import { parseQuery, readStdin, writeStdout } from "./protocol";
import { resolveQuery } from "./resolve";
import { skippedResult } from "./result";

/**
 * `CRS_BACKUP_LOOKUP=skip`: answer "not found" without credentials or API calls (the way out of a lookup that
 * would block `terraform destroy`). Any other non-empty value is refused, so a typo never skips silently.
 */
function skipRequested(env: NodeJS.ProcessEnv): boolean {
  const mode = env.CRS_BACKUP_LOOKUP;
  if (mode === undefined || mode === "") return false;
  if (mode === "skip") return true;
  throw new InvalidInputError(
    "CRS_BACKUP_LOOKUP",
    `CRS_BACKUP_LOOKUP: "${mode}" is not valid; use skip or leave it unset`,
  );
}

function fail(error: unknown): void {
  const known = error instanceof CrsBackupError;
  const message = error instanceof Error ? error.message : String(error);
  const line = known ? message : `internal error: ${message}`;
  // Terraform shows this line in its output and logs: never a secret, whatever the message carries.
  process.stderr.write(`crs-backup resolver: ${printableLine(redactSecrets(line, process.env))}\n`);
  process.exitCode = known ? error.exitCode : 1;
}

/**
 * Whether this run looked a backup up and printed the result. The loader (loader.ts) writes its code cache only
 * after such a run, so the cache holds the functions of a lookup, not only those of an error or a skip.
 */
export let lookupCompleted = false;

async function main(): Promise<void> {
  try {
    const query = parseQuery(await readStdin());
    if (skipRequested(process.env)) {
      writeStdout(`${JSON.stringify(skippedResult())}\n`);
      return;
    }
    const result = await resolveQuery(query, process.env);
    writeStdout(`${JSON.stringify(result)}\n`);
    lookupCompleted = true;
  } catch (error) {
    fail(error);
  }
}

void main();
