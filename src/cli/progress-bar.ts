import cliProgress from 'cli-progress';
import type { CliOutput } from './cli-context.ts';

/** Progress of long work; silent when the output is not a terminal (pipes, CI logs, tests). */
export interface Progress {
  /** `unit` follows the counts, for example ' bytes'. */
  start(total: number, label: string, unit?: string): void;
  update(value: number, total?: number): void;
  stop(): void;
}

const silent: Progress = { start: () => undefined, update: () => undefined, stop: () => undefined };

/** A cli-progress bar on `output` (stderr, so stdout stays clean for pipes). */
export function progressBar(output: CliOutput): Progress {
  if (!output.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: output as NodeJS.WriteStream,
      format: '{label} [{bar}] {percentage}% | {value}/{total}{unit} | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label, unit = '') => bar.start(total, 0, { label, unit }),
    update: (value, total) => {
      if (total !== undefined) bar.setTotal(total);
      bar.update(value);
    },
    stop: () => bar.stop(),
  };
}
