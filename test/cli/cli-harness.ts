import type { CliContext, ServeOptions } from '../../src/cli/cli-context.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import type { Store } from '../../src/ports/store.ts';

/** A writable that keeps what was written, for asserting on CLI output. */
export class CapturedOutput {
  text = '';
  readonly isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export type CliRun = { readonly code: number; readonly stdout: string; readonly stderr: string; readonly served: ServeOptions[] };

/**
 * Runs `omnistock <argv…>` in-process against `store` (which the test owns and closes), with
 * captured output; `serve` only records its options.
 */
export async function runAgainst(store: Store, argv: string[], env: Record<string, string | undefined> = {}, now = () => 1_800_000_000_000): Promise<CliRun> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const served: ServeOptions[] = [];
  const ctx: CliContext = {
    withStore: (work) => work(store),
    serve: async (options) => {
      served.push(options);
    },
    clock: { now },
    env,
    stdout,
    stderr,
  };
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text, served };
}
