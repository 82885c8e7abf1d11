// Goal: the simulator is deterministic for a seed, its outcomes are derived from the run, and on a
// small fashion-weekend the event-driven run oversells less than the batch baseline. Method: run the
// real engine (scratch SQLite) through `simulate` with a scaled-down scenario, twice per seed.
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/app/simulation/load-scenario-file.ts';
import { type SimulationReport, simulate } from '../../src/app/simulation/simulate.ts';
import type { Scenario } from '../../src/core/simulation/scenario-schema.ts';
import { openSimulationEngine } from '../../src/main/simulation/open-simulation-engine.ts';

const scenario = await (async (): Promise<Scenario> => {
  const loaded = await loadScenarioFile(new URL('../../scenarios/fashion-weekend.yaml', import.meta.url).pathname);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.value;
})();

const run = (seed: number): Promise<SimulationReport> =>
  simulate({
    scenario,
    seed,
    overrides: { skus: 100, stores: 30 },
    syncs: [{ kind: 'event' }, { kind: 'batch', intervalMs: 15 * 60_000 }],
    openEngine: openSimulationEngine,
    wallNowMs: () => Date.now(),
  });

const withoutWall = (r: SimulationReport) => r.runs.map(({ wallSeconds: _, ...rest }) => rest);

describe('omnistock simulate, fashion-weekend scaled down', () => {
  it('gives the same outcome table for the same seed, a different one for another seed, and oversells less event-driven', async () => {
    const first = await run(11);
    const again = await run(11);
    expect(withoutWall(again)).toEqual(withoutWall(first));

    const [event, batch] = first.runs;
    if (event === undefined || batch === undefined) throw new Error('two runs expected');
    expect(event.sync).toBe('event');
    expect(batch.sync).toBe('batch');
    // The batch baseline accepts orders against a view up to 15 minutes old: it must oversell more.
    expect(batch.oversoldUnits).toBeGreaterThan(event.oversoldUnits);
    expect(event.ordersAccepted).toBeGreaterThan(0);
    expect(event.eventsProcessed).toBeGreaterThan(0);
    expect(event.latencyMsP99).toBe(0);
    expect(batch.latencyMsP50).toBeGreaterThan(0);
    expect(batch.latencyMsP99).toBeLessThanOrEqual(15 * 60_000);
    expect(event.returnToStockHoursMedian).toBeNull();

    const other = await run(12);
    expect(withoutWall(other)).not.toEqual(withoutWall(first));
  }, 240_000);
});
