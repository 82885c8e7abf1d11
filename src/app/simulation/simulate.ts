import { generateHappenings } from '../../core/simulation/generate-happenings.ts';
import { type Scenario, type ScenarioOverrides, withOverrides } from '../../core/simulation/scenario-schema.ts';
import { buildWorld } from '../../core/simulation/scenario-world.ts';
import { seededRandom } from '../../core/simulation/seeded-random.ts';
import type { RunOutcome, SyncMode } from '../../core/simulation/simulation-outcome.ts';
import { SimulationRun } from './run-simulation.ts';
import { seedWorld } from './seed-world.ts';
import type { OpenSimulationEngine } from './simulation-engine.ts';

/** The `--json` document of `omnistock simulate` (docs/simulator.md). */
export type SimulationReport = { readonly scenario: string; readonly seed: number; readonly runs: readonly RunOutcome[] };

export type SimulateInput = {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly overrides: ScenarioOverrides;
  /** One run per mode, in this order, each over the same world and happenings. */
  readonly syncs: readonly SyncMode[];
  readonly openEngine: OpenSimulationEngine;
  readonly wallNowMs: () => number;
  /** Progress of each run: its mode, then (done, total) world happenings. */
  readonly onProgress?: (sync: SyncMode, done: number, total: number) => void;
};

/**
 * `omnistock simulate`: builds the world and its happenings once from the seed, then runs them
 * through a fresh engine per sync mode, so the modes differ only in how channels see stock.
 */
export async function simulate(input: SimulateInput): Promise<SimulationReport> {
  const scenario = withOverrides(input.scenario, input.overrides);
  const rng = seededRandom(input.seed);
  const world = buildWorld(scenario, rng.fork('world'));
  const happenings = generateHappenings(scenario, world, rng.fork('happenings'));
  const startMs = Date.parse(scenario.start);
  const endMs = startMs + scenario.durationHours * 3_600_000;
  const runs: RunOutcome[] = [];
  for (const sync of input.syncs) {
    const engine = await input.openEngine(startMs);
    try {
      await seedWorld(engine, scenario, world);
      const run = new SimulationRun(engine, {
        world,
        happenings,
        startMs,
        endMs,
        sampleEveryMs: scenario.sampleEveryMinutes * 60_000,
        sync,
        wallNowMs: input.wallNowMs,
        ...(input.onProgress && { onProgress: (done: number, total: number) => input.onProgress?.(sync, done, total) }),
      });
      runs.push(await run.run());
    } finally {
      await engine.dispose();
    }
  }
  return { scenario: scenario.name, seed: input.seed, runs };
}
