import type { ReconciliationRepository, SourceDrift } from '../ports/reconciliation-store.ts';

/** Drift per source (issue 5): the share of positions that differ and the value at risk, over the recent reconciliations. */
export type ReconciliationStats = { readonly bySource: readonly SourceDrift[] };

/** The `reconciliation` section of `GET /v1/stats`; `sinceMs` limits it to reconciliations stored since then. */
export async function reconciliationStats(repository: ReconciliationRepository, sinceMs: number | undefined): Promise<ReconciliationStats> {
  return { bySource: await repository.drift(sinceMs ?? null) };
}
