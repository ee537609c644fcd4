/** Whether `resolveLatestBackup` may call the API: the option, else `CRS_BACKUP_LOOKUPS`, else on. */
import { InvalidInputError } from "../../backups/errors";

/** The environment variable that sets the lookup mode (`on`, `off`, `refresh`). */
export const LOOKUPS_ENV = "CRS_BACKUP_LOOKUPS";

/** The modes as strings (the values of the public `LookupMode` enum). */
export type LookupModeName = "on" | "off" | "refresh";

const MODES: readonly LookupModeName[] = ["on", "off", "refresh"];

function checked(value: string, label: string): LookupModeName {
  if ((MODES as readonly string[]).includes(value)) return value as LookupModeName;
  throw new InvalidInputError(label, `${label}: "${value}" is not a lookup mode; use ${MODES.join(", ")}`);
}

/**
 * The mode: the `lookups` option when given, else the environment variable (unset or empty means `on`).
 * `refresh: true` asks for `refresh`; combined with `off` it is a contradiction, reported rather than guessed.
 */
export function lookupMode(
  option: string | undefined,
  refresh: boolean | undefined,
  env: NodeJS.ProcessEnv,
): LookupModeName {
  const fromEnv = env[LOOKUPS_ENV]?.trim();
  const mode =
    option !== undefined ? checked(option, "lookups") : fromEnv ? checked(fromEnv, LOOKUPS_ENV) : "on";
  if (refresh !== true) return mode;
  if (mode === "off") {
    const source = option !== undefined ? 'lookups: "off"' : `${LOOKUPS_ENV}=off`;
    throw new InvalidInputError("refresh", `refresh: cannot refresh with ${source}; drop one of them`);
  }
  return "refresh";
}
