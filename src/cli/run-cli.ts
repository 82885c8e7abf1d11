import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerImportCommand } from './import-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerReconcileCommand } from './reconcile-command.ts';
import { registerReplayCommand } from './replay-command.ts';
import { registerReplenishCommand } from './replenish-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerSimulateCommand } from './simulate-command.ts';

/** The `omnistock` program, with every command wired to `ctx`. */
export function buildProgram(ctx: CliContext, setExitCode: (code: number) => void): Command {
  // Set before the commands are added: subcommands inherit exitOverride and the output streams.
  const program = new Command('omnistock')
    .description('Omnistock: one governed inventory ledger for every channel')
    .showHelpAfterError('(run omnistock --help for the commands)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  registerServeCommand(program, ctx);
  registerDemoCommand(program, ctx);
  registerImportCommand(program, ctx, setExitCode);
  registerKeysCommand(program, ctx);
  registerReplayCommand(program, ctx, setExitCode);
  registerReconcileCommand(program, ctx, setExitCode);
  registerExportCommand(program, ctx);
  registerReplenishCommand(program, ctx);
  registerSimulateCommand(program, ctx);
  return program;
}

/**
 * Runs `omnistock <argv…>` and returns the exit code. Errors for people (CliError) print their
 * message and next step; anything else prints its message, and its stack with OMNISTOCK_DEBUG=1.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(ctx, (code) => {
    exitCode = code;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 1;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander printed the message already
    if (error instanceof CliError) {
      ctx.stderr.write(`error: ${error.message}\n`);
      if (error.hint) ctx.stderr.write(`next: ${error.hint}\n`);
      return error.exitCode;
    }
    const e = error as Error;
    ctx.stderr.write(`error: ${e.message}\n`);
    if (ctx.env.OMNISTOCK_DEBUG === '1') ctx.stderr.write(`${e.stack ?? ''}\n`);
    else ctx.stderr.write('next: if this is not a configuration problem, rerun with OMNISTOCK_DEBUG=1 and report the stack trace\n');
    return 1;
  }
}
