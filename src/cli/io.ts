/**
 * The CLI's window on the outside world, injected so tests run the whole program in-process.
 */
import { createInterface } from "node:readline";

/** Everything a command may touch besides the network. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of stdin (used by `--password-stdin`). */
  readStdin(): Promise<string>;
  /** True when a human can answer a prompt. */
  readonly isTTY: boolean;
  /** Asks one question and returns the answer line; absent when nobody can answer. */
  prompt?(question: string): Promise<string>;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by long-running commands. */
  untilShutdown?(): Promise<void>;
}

/** The real process: stdout/stderr, stdin, the environment and termination signals. */
export function nodeIo(): CliIo {
  const isTTY = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: readAllStdin,
    isTTY,
    prompt: isTTY ? askOnTerminal : undefined,
    env: process.env,
    untilShutdown: waitForTerminationSignal,
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

// The question goes to stderr so stdout stays machine-readable.
function askOnTerminal(question: string): Promise<string> {
  return ask(question, process.stdin, process.stderr);
}

/**
 * Asks one question. Ctrl-C or Ctrl-D closes the input without an answer, which reads as an empty answer (a
 * no): left pending, the promise would never settle, and the process would exit 0 as if it had been told yes.
 */
export function ask(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<string> {
  const rl = createInterface({ input, output });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      resolve(answer); // first: the close below then resolves nothing
      rl.close();
    });
    rl.once("SIGINT", () => rl.close());
    rl.once("close", () => resolve(""));
  });
}

function waitForTerminationSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
