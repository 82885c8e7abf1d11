import { z } from 'zod';
import { DISPOSITION_OUTCOMES, RETURN_STATES } from '../../core/returns/return-unit.ts';

const countsOf = <T extends string>(keys: readonly T[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int().optional()])) as Record<T, z.ZodOptional<z.ZodNumber>>);

/** The `returns` section of `GET /v1/stats` (docs/returns.md §5). */
export const returnStatsSchema = z
  .object({
    restockedReturns: z.number().int().describe('Restocked returns the cycle times come from (in the `since` window).'),
    cycleTimeHoursP50: z.number().nullable().describe('Return-to-stock cycle time (receipt → latest restock), nearest-rank median, hours.'),
    cycleTimeHoursP90: z.number().nullable(),
    unitsByOutcome: countsOf(DISPOSITION_OUTCOMES).describe('Units by the latest disposition applied (all time).'),
    unitsByState: countsOf(RETURN_STATES).describe('Units by current state (all time).'),
  })
  .meta({ id: 'ReturnStats' });
