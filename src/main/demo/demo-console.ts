import type { LivePlay } from '../../app/simulation/play-live.ts';
import type { RunOutcome } from '../../core/simulation/simulation-outcome.ts';

/**
 * What `omnistock demo` prints for a person: one banner at the start (what is playing, and curl
 * commands to watch it), one status line every few seconds on stderr, and a closing line. The
 * server's own JSON log lines stay as `serve` writes them.
 */

const n = (x: number): string => x.toLocaleString('en-GB');
const at = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const speedText = (speed: number): string => (speed === 1 ? 'real time' : `×${n(speed)}: one simulated hour every ${n(Math.round(3_600 / speed))} s`);

/** `http://localhost:8080` for a server bound to every interface, else the address as bound. */
export function browsableAddress(address: string, host: string): string {
  const port = /:(\d+)$/.exec(address)?.[1];
  return (host === '0.0.0.0' || host === '::') && port !== undefined ? `http://localhost:${port}` : address;
}

export type BannerFacts = {
  readonly play: LivePlay;
  readonly run: number;
  readonly speed: number;
  readonly database: string;
  readonly address: string;
};

/** The start banner: what plays, on what, and how to watch it. */
export function demoBanner({ play, run, speed, database, address }: BannerFacts): string {
  const line = '='.repeat(78);
  const { scenario, world } = play;
  const skus = world.skus.slice(0, 3).map((k) => k.sku);
  const channels = world.channels.map((c) => c.channelId).join(', ');
  const curl = (path: string) => `    curl -s -H "Authorization: Bearer $KEY" '${address}${path}'`;
  return [
    line,
    `  omnistock demo: ${scenario.name}, played live (run ${run} on ${database})`,
    `  ${n(world.skus.length)} SKUs, ${n(world.stores.length)} stores, ${n(world.dcs.length)} DCs; channels ${channels}`,
    `  ${n(play.happenings)} happenings from ${at(play.startMs)} to ${at(play.endMs)} (${scenario.durationHours} h), at ${speedText(speed)}`,
    run === 1
      ? '  (a new database: the retailer and its opening stock were loaded first)'
      : '  (continuing this database: same retailer, its shelves as the ledger left them, new traffic)',
    '',
    '  Watch it change (KEY = the bootstrap key printed when this database was created, or OMNISTOCK_ADMIN_KEY):',
    curl(`/v1/availability?channel=web&skus=${skus.join(',')}`),
    curl(`/v1/positions/${skus[0]}`),
    curl('/v1/cases?status=open&limit=5'),
    curl('/v1/stats'),
    `  API docs: ${address}/docs   ·   Ctrl-C stops the traffic, then the server`,
    line,
    '',
  ].join('\n');
}

export type StatusFacts = {
  readonly play: LivePlay;
  readonly nowMs: number;
  readonly speed: number;
  readonly openCases: number;
  /** Events sent per wall second since the previous status line. */
  readonly eventsPerSecond: number;
};

/** One status line: simulated time, progress, and what the engine answered. */
export function demoStatus({ play, nowMs, speed, openCases, eventsPerSecond }: StatusFacts): string {
  const c = play.counts;
  const speedTag = speed === 1 ? '' : ` ×${n(speed)}`;
  return (
    `demo ${at(nowMs)}${speedTag} · happenings ${n(play.played())}/${n(play.happenings)} · orders ${n(c.ordersAccepted)} accepted, ${n(c.ordersRefused)} refused` +
    ` · events ${n(c.eventsSent)} (${eventsPerSecond.toFixed(1)}/s, ${n(c.eventsRejected)} dead-lettered) · returns ${n(c.returnsOpened)} · open cases ${n(openCases)}\n`
  );
}

/** When the window has been played: the outcome, and that the server stays up. */
export function demoWindowPlayed(outcome: RunOutcome): string {
  return (
    `demo: the window has been played: ${n(outcome.ordersAccepted)} orders accepted, fill rate ${(outcome.fillRate * 100).toFixed(1)}%, ` +
    `${n(outcome.oversoldUnits)} units oversold, ${n(outcome.casesOpened)} cases opened. The server keeps running (Ctrl-C stops it); ` +
    'run omnistock demo again to play a new window on the same shelves, or with --reset to start over with full ones.\n'
  );
}
