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

type ServeFlags = { port?: string; host?: string; demo: boolean; policy?: string; feeds?: string; erp?: string };

/** `--port` wins, then `PORT`, then 8080; `--policy` wins over `OMNISTOCK_POLICY`. */
export function serveOptions(flags: ServeFlags, env: CliContext['env']): ServeOptions {
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : PORT_DEFAULT;
  const policyFile = flags.policy ?? (env.OMNISTOCK_POLICY || null);
  const feedsFile = flags.feeds ?? (env.OMNISTOCK_FEEDS || null);
  // Present only when given, so the options of a server without feeds read as before.
  const erpFile = flags.erp ?? (env.OMNISTOCK_ERP || null);
  return {
    port,
    host: flags.host ?? HOST_DEFAULT,
    demo: flags.demo,
    policyFile,
    ...(feedsFile !== null && { feedsFile }),
    ...(erpFile !== null && { erpFile }),
  };
}

/** `omnistock serve` (`omnistock demo`, with simulated traffic, is in demo-command.ts). */
export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP API (creates and migrates the database on first start)')
    .option('--port <port>', `port to listen on (default: PORT or ${PORT_DEFAULT})`)
    .option('--host <host>', 'address to listen on', HOST_DEFAULT)
    .option('--no-demo', 'do not load the demo master data into a new database')
    .option('--policy <file>', 'policy YAML to load at start when newer than the stored one (default: OMNISTOCK_POLICY)')
    .option('--feeds <file>', 'channel feeds YAML (webhook, shopify); without it no channel is pushed (default: OMNISTOCK_FEEDS)')
    .option('--erp <file>', 'ERP connector YAML (webhook, sap-s4); without it ERP documents are kept but not delivered (default: OMNISTOCK_ERP)')
    .action(async (flags: ServeFlags) => ctx.serve(serveOptions(flags, ctx.env)));
}
