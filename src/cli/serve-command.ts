import type { Command } from 'commander';
import type { CliContext, ServeOptions } from './cli-context.ts';
import { CliError } from './cli-error.ts';

export const PORT_DEFAULT = 8080;
export const HOST_DEFAULT = '0.0.0.0';

/** A TCP port from the command line or `PORT`; 0 asks the OS for a free one. */
export function parsePort(value: string, from: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535)
    throw new CliError(`${from} "${value}" is not a port number`, 'use a number from 1 to 65535 (0 picks a free port)');
  return port;
}

/** `--port` wins, then `PORT`, then 8080. */
export function serveOptions(flags: { port?: string; host?: string; demo: boolean }, env: CliContext['env']): ServeOptions {
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : PORT_DEFAULT;
  return { port, host: flags.host ?? HOST_DEFAULT, demo: flags.demo };
}

/** `omnistock serve` and `omnistock demo` (for now serve with demo data; the simulator comes later). */
export function registerServeCommands(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP API (creates and migrates the database on first start)')
    .option('--port <port>', `port to listen on (default: PORT or ${PORT_DEFAULT})`)
    .option('--host <host>', 'address to listen on', HOST_DEFAULT)
    .option('--no-demo', 'do not load the demo master data into a new database')
    .action(async (flags: { port?: string; host?: string; demo: boolean }) => ctx.serve(serveOptions(flags, ctx.env)));
  program
    .command('demo')
    .description('run the HTTP API with the demo retailer loaded into a new database (the simulator comes later)')
    .option('--port <port>', `port to listen on (default: PORT or ${PORT_DEFAULT})`)
    .option('--host <host>', 'address to listen on', HOST_DEFAULT)
    .action(async (flags: { port?: string; host?: string }) => ctx.serve(serveOptions({ ...flags, demo: true }, ctx.env)));
}
