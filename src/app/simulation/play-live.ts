import { generateHappenings } from '../../core/simulation/generate-happenings.ts';
import { type Scenario, withOverrides } from '../../core/simulation/scenario-schema.ts';
import { buildWorld, type SimWorld } from '../../core/simulation/scenario-world.ts';
import { seededRandom } from '../../core/simulation/seeded-random.ts';
import type { SimulationTarget } from '../../ports/simulation-target.ts';
import { runPrefix, scopedTarget, scopeHappenings } from './run-scope.ts';
import { type RunResult, SimulationRun } from './run-simulation.ts';
import { seedWorld } from './seed-world.ts';
import { countingTarget, type TrafficCounts } from './traffic-counts.ts';

const HOUR_MS = 3_600_000;
/** Positions are read this many SKUs at a time when a run resumes (as the runner samples them). */
const SHELF_CHUNK_SKUS = 200;

export type LivePlayInput = {
  /** The scenario as loaded; `sizes` scale it down and `startMs` re-bases its window. */
  readonly scenario: Scenario;
  readonly sizes: { readonly skus: number; readonly stores: number };
  /** The world's seed: the same seed and sizes give the same retailer on every run of one database. */
  readonly seed: number;
  /** 1 for the first run on a database, then one more per restart: it scopes the run's ids and draws. */
  readonly run: number;
  /** True on a new database: the retailer and its opening stock are loaded before the first happening. */
  readonly fresh: boolean;
  /** Business start of this run's window (the engine's clock when it starts). */
  readonly startMs: number;
  /** The engine, unscoped: the run scopes what it sends itself. */
  readonly target: SimulationTarget;
  /** Waits until the engine's clock reaches an item's time (real time, or a faster clock). */
  readonly pace: (atMs: number) => Promise<void>;
  readonly wallNowMs: () => number;
};

/** A window of live traffic, ready to play. */
export type LivePlay = {
  /** The scenario as played: scaled down, its `start` re-based. */
  readonly scenario: Scenario;
  readonly world: SimWorld;
  readonly startMs: number;
  readonly endMs: number;
  /** World happenings in the window (the runner adds arrivals, picks and returns around them). */
  readonly happenings: number;
  /** Happenings played so far. */
  readonly played: () => number;
  /** What the engine answered so far. */
  readonly counts: Readonly<TrafficCounts>;
  /** Plays the window; rejects with whatever `pace` throws (the demo stops it that way). */
  play(): Promise<RunResult>;
};

/**
 * The shelves as the ledger has them now, for a run that continues a database: sellable units
 * (available, reserved and allocated) at each node, so the runner's physical world starts where the
 * last run left the ledger instead of from the opening stock again (whose counts would then
 * "find" units sold long ago).
 */
async function shelvesNow(target: SimulationTarget, world: SimWorld): Promise<SimWorld['openingStock']> {
  const skus = world.skus.map((k) => k.sku);
  const nodes = world.nodes.map((n) => n.nodeId);
  const shelves: { sku: string; node: string; qty: number }[] = [];
  for (let i = 0; i < skus.length; i += SHELF_CHUNK_SKUS) {
    for (const p of await target.positions(skus.slice(i, i + SHELF_CHUNK_SKUS), nodes)) {
      const qty = Math.max(0, p.available + p.reserved + p.allocated);
      if (qty > 0) shelves.push({ sku: p.sku, node: p.node, qty });
    }
  }
  return shelves;
}

/**
 * `omnistock demo`'s traffic: the scenario scaled down, re-based to `startMs`, and played through
 * the server's own engine as the clock reaches each item, so the API shows it as it happens
 * (docs/simulator.md, "Live demo"). On a new database the retailer is loaded first; on a later run
 * the same retailer (same seed and sizes) continues from the ledger's shelves with new traffic
 * (drawn per run) whose ids carry the run's prefix.
 */
export async function prepareLivePlay(input: LivePlayInput): Promise<LivePlay> {
  const scenario: Scenario = { ...withOverrides(input.scenario, input.sizes), start: new Date(input.startMs).toISOString() };
  const rng = seededRandom(input.seed);
  const world = buildWorld(scenario, rng.fork('world'));
  const prefix = runPrefix(input.run);
  const happenings = scopeHappenings(generateHappenings(scenario, world, rng.fork(`happenings:${input.run}`)), prefix);
  if (input.fresh) await seedWorld(input.target, scenario, world);
  const shelves = input.fresh ? world.openingStock : await shelvesNow(input.target, world);
  const counted = countingTarget(scopedTarget(input.target, prefix));
  const endMs = input.startMs + scenario.durationHours * HOUR_MS;
  let played = 0;
  return {
    scenario,
    world,
    startMs: input.startMs,
    endMs,
    happenings: happenings.length,
    played: () => played,
    counts: counted.counts,
    play: () =>
      new SimulationRun(counted.target, {
        scenario,
        world: { ...world, openingStock: shelves },
        happenings,
        startMs: input.startMs,
        endMs,
        sync: { kind: 'event' },
        exposureBuffers: true,
        label: `demo run ${input.run}`,
        rng: rng.fork(`run:${input.run}`),
        onProgress: (done) => {
          played = done;
        },
        pace: input.pace,
        wallNowMs: input.wallNowMs,
      }).run(),
  };
}
