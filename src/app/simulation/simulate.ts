import { generateHappenings } from '../../core/simulation/generate-happenings.ts';
import type { RunDetail } from '../../core/simulation/run-detail.ts';
import { type Scenario, type ScenarioOverrides, withOverrides } from '../../core/simulation/scenario-schema.ts';
import { buildWorld } from '../../core/simulation/scenario-world.ts';
import { seededRandom } from '../../core/simulation/seeded-random.ts';
import type { RunOutcome, SyncMode } from '../../core/simulation/simulation-outcome.ts';
import { withoutExposureBuffers } from '../../core/simulation/without-exposure-buffers.ts';
import type { OpenSimulationTarget } from '../../ports/simulation-target.ts';
import { SimulationRun } from './run-simulation.ts';
import { seedWorld } from './seed-world.ts';

/** The `--json` document of `omnistock simulate` (docs/simulator.md). */
export type SimulationReport = { readonly scenario: string; readonly seed: number; readonly runs: readonly RunOutcome[] };

/** Everything a simulation produced: the outcomes, each run's detail (same order), and what ran. */
export type SimulationResult = {
  readonly report: SimulationReport;
  readonly details: readonly RunDetail[];
  readonly scenario: {
    readonly name: string;
    readonly description: string;
    readonly durationHours: number;
    readonly start: string;
    readonly skus: number;
    readonly stores: number;
  };
  readonly target: string;
};

/** One run to make: how channels see stock, and whether the policy keeps its exposure buffers. */
export type RunPlan = { readonly sync: SyncMode; readonly exposureBuffers: boolean };

export type SimulateInput = {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly overrides: ScenarioOverrides;
  /** One run per plan, in this order, each over the same world and happenings. */
  readonly runs: readonly RunPlan[];
  readonly openTarget: OpenSimulationTarget;
  readonly wallNowMs: () => number;
  /** Progress of each run: its label, then (done, total) world happenings. */
  readonly onProgress?: (label: string, done: number, total: number) => void;
};

/** `event`, `event, no buffers`, `batch 15m`: a run's name in tables and charts. */
export function labelOf(plan: RunPlan): string {
  const base = plan.sync.kind === 'event' ? 'event' : `batch ${Math.round(plan.sync.intervalMs / 60_000)}m`;
  return plan.exposureBuffers ? base : `${base}, no buffers`;
}

/**
 * `omnistock simulate`: builds the world and its happenings once from the seed, then runs them
 * through a fresh target per plan, so the runs differ only in how channels see stock and in the
 * exposure buffers.
 */
export async function simulate(input: SimulateInput): Promise<SimulationResult> {
  const scenario = withOverrides(input.scenario, input.overrides);
  const rng = seededRandom(input.seed);
  const world = buildWorld(scenario, rng.fork('world'));
  const happenings = generateHappenings(scenario, world, rng.fork('happenings'));
  const startMs = Date.parse(scenario.start);
  const endMs = startMs + scenario.durationHours * 3_600_000;
  const runs: RunOutcome[] = [];
  const details: RunDetail[] = [];
  let targetDescription = '';
  for (const plan of input.runs) {
    const target = await input.openTarget(startMs);
    targetDescription = target.description;
    const label = labelOf(plan);
    try {
      await seedWorld(target, scenario, world, plan.exposureBuffers ? scenario.policy : withoutExposureBuffers(scenario.policy));
      const run = new SimulationRun(target, {
        scenario,
        world,
        happenings,
        startMs,
        endMs,
        sync: plan.sync,
        exposureBuffers: plan.exposureBuffers,
        label,
        rng: rng.fork(`run:${label}`),
        wallNowMs: input.wallNowMs,
        ...(input.onProgress && { onProgress: (done: number, total: number) => input.onProgress?.(label, done, total) }),
      });
      const result = await run.run();
      runs.push(result.outcome);
      details.push(result.detail);
    } finally {
      await target.dispose();
    }
  }
  return {
    report: { scenario: scenario.name, seed: input.seed, runs },
    details,
    scenario: {
      name: scenario.name,
      description: scenario.description,
      durationHours: scenario.durationHours,
      start: scenario.start,
      skus: scenario.skus.count,
      stores: scenario.network.stores.count,
    },
    target: targetDescription,
  };
}
