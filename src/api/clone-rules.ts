/**
 * CloneInstances' documented parameter rules (SDK 4.1.313 `CloneInstancesRequest`, Tencent's CloneInstances
 * page), in one place: the CLI and the constructs check them before a billable request, the emulator answers
 * them as the service does. Each check returns what is wrong, or undefined; none ever quotes a password.
 */

/** Prepaid terms (months) the API takes. */
const PREPAID_PERIODS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36, 48, 60];
/** Instances one request may create: 30 postpaid, 100 prepaid. */
export const MAX_GOODS_NUM = { postpaid: 30, prepaid: 100 } as const;

/** The symbols a password may hold, as the docs list them. */
const SYMBOLS = "()`~!@#$%^&*-+=_|{}[]:;<>,.?/";
const SYMBOL_CLASS = `[${SYMBOLS.replace(/[\\\]\-^]/g, "\\$&")}]`;
const PASSWORD_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, new RegExp(SYMBOL_CLASS)];
const PASSWORD_CHARS = new RegExp(`^(?:[A-Za-z0-9]|${SYMBOL_CLASS})+$`);

/** The new instance's password: 8-30 characters of at least two kinds (lower, upper, digits, symbols), not starting with "/". */
export function passwordProblem(password: string): string | undefined {
  const kinds = PASSWORD_CLASSES.filter((kind) => kind.test(password)).length;
  if (password.length < 8 || password.length > 30) return "must be 8 to 30 characters long";
  if (!PASSWORD_CHARS.test(password)) {
    return `may hold only letters, digits and the symbols ${SYMBOLS}`;
  }
  if (kinds < 2) return "must mix at least two of lower-case letters, upper-case letters, digits and symbols";
  if (password.startsWith("/")) return 'must not start with "/"';
  return undefined;
}

/** The new instance's name: under 60 characters of Chinese, letters, digits, "-" and "_". */
export function instanceNameProblem(name: string): string | undefined {
  if (!/^[\p{Script=Han}A-Za-z0-9_-]{1,59}$/u.test(name)) {
    return 'must be 1 to 59 Chinese characters, letters, digits, "-" or "_"';
  }
  return undefined;
}

/** The prepaid term in months: 1-12, 24, 36, 48 or 60. */
export function periodProblem(period: number): string | undefined {
  return PREPAID_PERIODS.includes(period) ? undefined : "must be 1 to 12, 24, 36, 48 or 60 (months)";
}
