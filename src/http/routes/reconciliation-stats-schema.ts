import { z } from 'zod';
import type { ReconciliationStats } from '../../app/reconciliation-stats.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const point = {
  asOf: z.string(),
  differingShare: z.number().describe('Differing lines / compared lines.'),
  valueAtRisk: z.number().describe('Σ |variance × unit cost|.'),
};

/** The `reconciliation` section of `GET /v1/stats`: drift over time per source. */
export const reconciliationStatsSchema = z
  .object({
    bySource: z.array(
      z.object({
        source: z.string(),
        reconciliations: z.number().int(),
        latest: z.object({ id: z.number().int(), ...point }),
        drift: z.array(z.object(point)).describe('The most recent reconciliations, oldest first.'),
      }),
    ),
  })
  .meta({ id: 'ReconciliationStats' });

/** The section as served: times in RFC 3339. */
export const toReconciliationStatsView = (s: ReconciliationStats): z.infer<typeof reconciliationStatsSchema> => ({
  bySource: s.bySource.map((d) => ({
    source: d.source,
    reconciliations: d.reconciliations,
    latest: { id: d.latest.id, asOf: rfc3339(d.latest.asOfMs), differingShare: d.latest.differingShare, valueAtRisk: d.latest.valueAtRisk },
    drift: d.points.map((p) => ({ asOf: rfc3339(p.asOfMs), differingShare: p.differingShare, valueAtRisk: p.valueAtRisk })),
  })),
});
