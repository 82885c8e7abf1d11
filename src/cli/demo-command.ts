import type { Command } from 'commander';
import type { CliContext, DemoOptions } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { HOST_DEFAULT, PORT_DEFAULT, parsePort } from './serve-command.ts';

/** Mirrors DEMO_SPEED_MAX in src/main/demo/demo-clock.ts (src/cli may not import src/main). */
const SPEED_MAX = 3_600;
/**
 * An hour per minute by default, not real time: measured on the default world (200 SKUs), real time
 * plays about one happening a minute (one in the first two minutes of a run), and the first return
 * comes hours after its delivery; at ×60 a newcomer sees about one order a second, returns and cases
 * within minutes, and the whole 60-hour weekend in an hour. `--speed 1` plays in real time.
 */
const SPEED_DEFAULT = '60';

type DemoFlags = { port?: string; host: string; speed: string; skus?: string; stores?: string; seed?: string; database?: string; reset?: boolean };

const positiveInt = (value: string | undefined, flag: string): number | null => {
  if (value === undefined) return null;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new CliError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
};

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || speed < 1 || speed > SPEED_MAX)
    throw new CliError(
      `--speed must be a number from 1 (real time) to ${SPEED_MAX} (an hour per second), got ${JSON.stringify(value)}`,
      'try --speed 60: an hour per minute',
    );
  return speed;
}

/** `--port` wins, then `PORT`, then 8080, as for `serve`. */
export function demoOptions(flags: DemoFlags, env: CliContext['env']): DemoOptions {
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : PORT_DEFAULT;
  return {
    port,
    host: flags.host,
    speed: parseSpeed(flags.speed),
    skus: positiveInt(flags.skus, '--skus'),
    stores: positiveInt(flags.stores, '--stores'),
    seed: positiveInt(flags.seed, '--seed'),
    database: flags.database ?? null,
    reset: flags.reset === true,
  };
}

/**
 * `omnistock demo [--port P] [--host H] [--speed N] [--skus N] [--stores N] [--seed N]
 * [--database sqlite:PATH] [--reset]`: the server with the fashion-weekend retailer, scaled down,
 * and its traffic played live through it (docs/simulator.md, "Live demo").
 */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('run the HTTP API on its own demo database with simulated fashion-weekend traffic streaming through it live')
    .option('--port <port>', `port to listen on (default: PORT or ${PORT_DEFAULT})`)
    .option('--host <host>', 'address to listen on', HOST_DEFAULT)
    .option('--speed <n>', `simulated time per wall time: 1 = real time, 60 = an hour per minute (at most ${SPEED_MAX})`, SPEED_DEFAULT)
    .option('--skus <n>', 'SKUs of a new demo database (default 200; demand scales with it)')
    .option('--stores <n>', 'stores of a new demo database (default 30)')
    .option('--seed <n>', 'the seed of a new demo database’s retailer (default 1)')
    .option('--database <url>', 'the demo database, sqlite:PATH (default sqlite:./data/demo.sqlite; OMNISTOCK_DATABASE_URL is not used)')
    .option('--reset', 'delete the demo database first and start over with full shelves')
    .action(async (flags: DemoFlags) => {
      const options = demoOptions(flags, ctx.env);
      if (ctx.demo === undefined) throw new CliError('this build has no demo wired');
      await ctx.demo(options);
    });
}
