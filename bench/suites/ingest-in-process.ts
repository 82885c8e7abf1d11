import { openSqliteStore } from '../../src/adapters/store-sqlite/sqlite-store.ts';
import { EventIngestor } from '../../src/app/ingest-events.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { Store } from '../../src/ports/store.ts';
import { benchEvents, seedBenchMasterData } from '../bench-events.ts';

/**
 * Events per second through the real ingestion use case (validation, master-data check, group
 * commit, pure decisions, ledger and positions), with `concurrency` batches of `batchSize` in
 * flight, as concurrent HTTP requests would submit them. Events are generated before timing.
 */
export async function measureInProcessIngest(
  store: Store,
  options: { events: number; skus: number; nodes: number; batchSize: number; concurrency: number; progress: (m: string) => void },
): Promise<number> {
  await seedBenchMasterData(store, options.skus, options.nodes);
  const ingestor = new EventIngestor(store, systemClock);
  const batches: object[][] = [];
  for (let from = 0; from < options.events; from += options.batchSize) batches.push(benchEvents(from, Math.min(options.batchSize, options.events - from), options.skus, options.nodes));
  let next = 0;
  let rejected = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as object[];
      const verdicts = await ingestor.ingest(batch, { allowedSource: null });
      rejected += verdicts.filter((v) => v.status !== 'accepted').length;
      if (next % 50 === 0) options.progress(`in-process ${store.kind}: ${next}/${batches.length} batches`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (rejected > 0) throw new Error(`${rejected} benchmark events were not accepted; the benchmark is broken`);
  return options.events / seconds;
}

