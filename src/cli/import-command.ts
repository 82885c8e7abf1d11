import { Argument, type Command, Option } from 'commander';
import type { CliContext, CliOutput } from './cli-context.ts';
import { IMPORT_FORMATS, type ImportFormat, type ImportSummary, importMasterData } from './import-master-data.ts';
import { MASTER_DATA_KINDS, type MasterDataKind } from './master-data-kinds.ts';
import { progressBar } from './progress-bar.ts';

/** Prints the summary and the rejected rows; returns the exit code (1 when any row was bad). */
export function printImportSummary(summary: ImportSummary, file: string, out: CliOutput): number {
  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  out.write(`imported ${summary.imported} of ${summary.rows} ${summary.kind} from ${file} (${summary.format}) in ${seconds} s\n`);
  if (summary.problemCount === 0) return 0;
  out.write(`${summary.problemCount} row(s) were not imported:\n`);
  for (const p of summary.problems) out.write(`  line ${p.line}${p.field ? `, ${p.field}` : ''}: ${p.message}\n`);
  const unlisted = summary.problemCount - summary.problems.length;
  if (unlisted > 0) out.write(`  … and ${unlisted} more\n`);
  out.write('fix these rows and import the file again: rows already imported are updated in place.\n');
  return 1;
}

/** `omnistock import items|nodes|channels FILE [--format csv|json]`. */
export function registerImportCommand(program: Command, ctx: CliContext, setExitCode: (code: number) => void): void {
  program
    .command('import')
    .description('bulk upsert items, nodes or channels from a CSV (header row; lists ;-separated) or JSON (array) file')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(MASTER_DATA_KINDS))
    .argument('<file>', 'the CSV or JSON file')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(IMPORT_FORMATS))
    .addHelpText(
      'after',
      `
CSV columns (header row, any order; lists are ;-separated):
  items:    sku,name,category,unitCost,unitPrice[,serialized][,substitutes]
  nodes:    nodeId,type,name,region,latitude,longitude,capacityPerDay,fulfils
  channels: channelId,type,name,priority,marginTier,nodes
JSON: an array of objects with the same fields (lists as arrays).`,
    )
    .action(async (kind: MasterDataKind, file: string, options: { format?: ImportFormat }) => {
      const summary = await ctx.withStore((store) => importMasterData(store, { kind, file, format: options.format }, progressBar(ctx.stderr), ctx.clock), {
        rerunnable: true,
      });
      setExitCode(printImportSummary(summary, file, ctx.stdout));
    });
}
