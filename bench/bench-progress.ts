import type { Progress } from './bench-result.ts';

/** How often a non-terminal stderr (a CI log) gets a progress line; a terminal gets every update in place. */
const LOG_INTERVAL_MS = 5_000;

/**
 * Progress on stderr, prefixed with the elapsed time and the suite. On a terminal each message
 * rewrites the status line; in a log, a message is written when its step changes (the text before
 * the first `:`) or every few seconds, so a long run shows it is alive without flooding the log.
 */
export function stderrProgress(startedMs: number): { forSuite(suite: string): Progress; clear(): void } {
  const tty = process.stderr.isTTY === true;
  let lastStep = '';
  let lastWriteMs = 0;
  const write = (suite: string, message: string) => {
    const now = performance.now();
    const line = `[${((Date.now() - startedMs) / 1000).toFixed(0).padStart(4)} s] ${suite}: ${message}`;
    if (tty) {
      process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
      return;
    }
    const step = `${suite}/${message.split(':')[0]}`;
    if (step === lastStep && now - lastWriteMs < LOG_INTERVAL_MS) return;
    lastStep = step;
    lastWriteMs = now;
    process.stderr.write(`${line}\n`);
  };
  return {
    forSuite: (suite) => (message) => write(suite, message),
    clear: () => {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
