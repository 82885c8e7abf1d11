import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSqliteSynchronous } from '../src/main/open-store.ts';
import { postgresBenchBackend, postgresProblem, sqliteBenchBackend } from './bench-backends.ts';
import { stderrProgress } from './bench-progress.ts';
import { type BenchContext, type BenchRow, type BenchSuite, ratioOf, targetMet } from './bench-result.ts';
import { formatBenchTable } from './bench-table.ts';
import { loadAverageNow, machineFacts } from './machine-facts.ts';
import { disposeAllScratch } from './scratch-database.ts';
import { availabilityLatencySuite } from './suites/availability-latency.ts';
import { ingestHttpSuite } from './suites/ingest-http.ts';
import { ingestInProcessSuite } from './suites/ingest-in-process.ts';
import { pushLatencySuite } from './suites/push-latency.ts';
import { reconcileSnapshotSuite } from './suites/reconcile-snapshot.ts';
import { replayVerifySuite } from './suites/replay-verify.ts';
import { replenishmentRunSuite } from './suites/replenishment-run.ts';
import { reservationsHttpSuite } from './suites/reservations-http.ts';
import { simulatorSuite } from './suites/simulator.ts';

/**
 * `npm run bench [-- --quick]`: every benchmark of the project in one table, also written to
 * bench/results/<date>.json with the machine's facts. Each figure sits beside the raw figure of
 * the layer underneath, measured in the same run, on SQLite and on PostgreSQL.
 *
 * Environment: OMNISTOCK_BENCH_POSTGRES_URL (else OMNISTOCK_TEST_POSTGRES_URL, else
 * postgres://postgres@127.0.0.1:5432/test) names a server where a scratch database is created and
 * dropped for each measurement; unreachable, its rows are skipped with the reason.
 * OMNISTOCK_SQLITE_SYNCHRONOUS (full, the server's default, or normal) as for the server.
 */
const quick = process.argv.includes('--quick');
const synchronous = parseSqliteSynchronous(process.env.OMNISTOCK_SQLITE_SYNCHRONOUS);
const postgresUrl = process.env.OMNISTOCK_BENCH_POSTGRES_URL ?? process.env.OMNISTOCK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Every benchmark, in the order the table shows them; one file per suite under bench/suites/.
 */
const SUITES: readonly BenchSuite[] = [
  ingestInProcessSuite(synchronous),
  ingestHttpSuite(),
  availabilityLatencySuite(),
  replayVerifySuite(),
  replenishmentRunSuite(),
  reconcileSnapshotSuite(),
  reservationsHttpSuite(),
  pushLatencySuite(),
  simulatorSuite(),
];

async function main(): Promise<number> {
  const startedMs = Date.now();
  const progress = stderrProgress(startedMs);
  const postgresSkip = await postgresProblem(postgresUrl);
  const facts = await machineFacts({ synchronous, postgresUrl, postgresSkip });
  const backends = [sqliteBenchBackend(synchronous), postgresBenchBackend(postgresUrl, postgresSkip)];
  process.stderr.write(
    `bench${quick ? ' --quick' : ''}: ${facts.cpuCount} CPUs, load ${facts.loadAverageAtStart.join(' ')}, sqlite synchronous=${synchronous}\n`,
  );
  if (postgresSkip) process.stderr.write(`PostgreSQL rows skipped: ${postgresSkip}\n`);
  const rows: BenchRow[] = [];
  let failed = false;
  for (const suite of SUITES) {
    const context: BenchContext = { quick, backends, progress: progress.forSuite(suite.name) };
    try {
      rows.push(...(await suite.run(context)));
    } catch (error) {
      // One broken suite must not throw away the figures of the others; the run still fails.
      failed = true;
      process.stderr.write(`\n${suite.name} failed: ${(error as Error).stack ?? error}\n`);
      rows.push({ suite: suite.name, backend: '-', metric: 'suite failed', value: null, unit: '', skipped: `FAILED: ${(error as Error).message}` });
    }
  }
  progress.clear();
  const seconds = (Date.now() - startedMs) / 1000;
  console.log(formatBenchTable(rows));
  const file = join(import.meta.dirname, 'results', `${new Date(startedMs).toISOString().slice(0, 10)}${quick ? '-quick' : ''}.json`);
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  const machine = { ...facts, loadAverageAtEnd: loadAverageNow() };
  const written = rows.map((r) => ({ ...r, ratio: ratioOf(r), targetMet: targetMet(r) }));
  writeFileSync(file, `${JSON.stringify({ quick, startedAt: new Date(startedMs).toISOString(), seconds, machine, rows: written }, null, 2)}\n`);
  console.log(
    `\n${quick ? 'quick run' : 'full run'} in ${seconds.toFixed(0)} s, load average ${facts.loadAverageAtStart[0]} → ${machine.loadAverageAtEnd[0]}; written to ${file}`,
  );
  return failed ? 1 : 0;
}

const onSignal = () => void disposeAllScratch().finally(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.exitCode = await main().catch(async (error: unknown) => {
  await disposeAllScratch();
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  return 1;
});
