import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { exportErpDocumentsCsv } from '../app/export-erp-documents.ts';
import type { CliContext, CliOutput } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { progressBar } from './progress-bar.ts';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `--since` as epoch ms; RFC 3339 with an offset only, so a file never depends on the machine's time zone. */
export function parseSince(value: string): number {
  const ms = Date.parse(value);
  if (!RFC3339.test(value) || Number.isNaN(ms))
    throw new CliError(`--since "${value}" is not an RFC 3339 time`, 'use a time with its offset, e.g. 2027-01-15T00:00:00Z');
  return ms;
}

/**
 * `omnistock export erp --since <RFC3339> [--out FILE]`: the ERP documents created since a time
 * as CSV, one row per document line, to FILE or stdout, streamed with a progress bar on stderr.
 */
export function registerExportCommand(program: Command, ctx: CliContext): void {
  const exportCmd = program.command('export').description('export data for other systems');
  exportCmd
    .command('erp')
    .description('ERP documents created since a time, as CSV (one row per document line)')
    .requiredOption('--since <time>', 'RFC 3339 time, e.g. 2027-01-15T00:00:00Z')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (flags: { since: string; out?: string }) => {
      const sinceMs = parseSince(flags.since);
      await ctx.withStore(async (store) => {
        const counts = await store.erpDocuments.countByStatus();
        const bar = progressBar(ctx.stderr);
        bar.start(counts.pending + counts.delivered + counts.dead, 'erp documents', ' (at most)');
        let done = 0;
        const sink = flags.out === undefined ? null : createWriteStream(flags.out, { encoding: 'utf8' });
        const out: CliOutput = sink ?? ctx.stdout;
        try {
          for await (const text of exportErpDocumentsCsv(store.erpDocuments, sinceMs, (n) => {
            done += n;
            bar.update(done);
          })) {
            if (out.write(text) === false && sink !== null) await once(sink, 'drain');
          }
        } finally {
          bar.update(done, done);
          bar.stop();
          if (sink !== null) await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
        }
        ctx.stderr.write(`exported ${done} ERP document(s) created since ${new Date(sinceMs).toISOString()}${flags.out ? ` to ${flags.out}` : ''}\n`);
      });
    });
}
