// Goal: the simulator drives the same engine on PostgreSQL as on SQLite, so a scenario gives the
// same outcomes and the same details on both stores, and the PostgreSQL scratch database is dropped
// after the run. Method: run a scaled-down fashion-weekend (event and batch 15m) through `simulate`
// on the scratch SQLite engine and on the scratch PostgreSQL engine, and compare everything but the
// wall-clock time. Skipped with the reason from test/support/stores.ts when PostgreSQL is not
// reachable (a failure with OMNISTOCK_REQUIRE_SERVICES=1).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/app/simulation/load-scenario-file.ts';
import { type RunPlan, type SimulationResult, simulate } from '../../src/app/simulation/simulate.ts';
import type { Scenario } from '../../src/core/simulation/scenario-schema.ts';
import { openPostgresSimulationEngine } from '../../src/main/simulation/open-postgres-simulation-engine.ts';
import { openSimulationEngine } from '../../src/main/simulation/open-simulation-engine.ts';
import type { OpenSimulationTarget } from '../../src/ports/simulation-target.ts';
import { postgresAdminUrl, postgresBackend } from '../support/stores.ts';

const scenario = await (async (): Promise<Scenario> => {
  const loaded = await loadScenarioFile(new URL('../../scenarios/fashion-weekend.yaml', import.meta.url).pathname);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.value;
})();

const RUNS: readonly RunPlan[] = [
  { sync: { kind: 'event' }, exposureBuffers: true },
  { sync: { kind: 'batch', intervalMs: 15 * 60_000 }, exposureBuffers: true },
];

const run = (openTarget: OpenSimulationTarget): Promise<SimulationResult> =>
  simulate({ scenario, seed: 3, overrides: { skus: 20, stores: 6 }, runs: RUNS, openTarget, wallNowMs: () => Date.now() });

const withoutWall = (r: SimulationResult) => ({ runs: r.report.runs.map(({ wallSeconds: _, ...rest }) => rest), details: r.details });

async function scratchSimulationDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    const result = await client.query<{ datname: string }>(`select datname from pg_database where datname like 'omnistock_sim_%'`);
    return result.rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe.skipIf(postgresBackend.skipReason !== null)('omnistock simulate on PostgreSQL', () => {
  it('gives the same outcomes and details as on SQLite for the same seed', async () => {
    const sqlite = await run(openSimulationEngine);
    const postgres = await run(openPostgresSimulationEngine(postgresAdminUrl));
    expect(sqlite.target).toBe('in-process, scratch SQLite');
    expect(postgres.target).toBe('in-process, scratch PostgreSQL');
    expect(sqlite.report.runs.map((r) => r.eventsProcessed)).not.toContain(0);
    // Seed 3 at this size has a batch-run cancellation, so the comparison covers a traced oversell
    // too (seed 5 has none); if a generator change removes it, pick another seed rather than drop this.
    expect(sqlite.details.flatMap((d) => d.cancellations).length).toBeGreaterThan(0);
    expect(withoutWall(postgres)).toEqual(withoutWall(sqlite));
  }, 60_000);

  it('creates a scratch database for the run and drops it on dispose', async () => {
    const before = new Set(await scratchSimulationDatabases());
    const target = await openPostgresSimulationEngine(postgresAdminUrl)(Date.parse(scenario.start));
    const created = (await scratchSimulationDatabases()).filter((name) => !before.has(name));
    expect(created).toHaveLength(1);
    await target.dispose();
    expect(await scratchSimulationDatabases()).not.toContain(created[0]);
  });
});
