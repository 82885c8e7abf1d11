import type { Policy, ThresholdRule } from '../policy/policy-schema.ts';

/**
 * Days of cover = network ATS / demand per day. Unknown or zero demand means unbounded cover, so a
 * `daysOfCoverBelow` condition never fires without a demand figure (rather than pausing on no data).
 */
export function daysOfCover(networkAts: number, demandPerDay: number | undefined): number {
  if (demandPerDay === undefined || demandPerDay <= 0) return Number.POSITIVE_INFINITY;
  return networkAts / demandPerDay;
}

/** The threshold rules that fire for one SKU: any one of a rule's conditions suffices. */
export function firedThresholdRules(policy: Policy, networkAts: number, demandPerDay: number | undefined): ThresholdRule[] {
  const cover = daysOfCover(networkAts, demandPerDay);
  return policy.thresholdRules.filter((rule) => {
    const { networkAtsBelow, daysOfCoverBelow } = rule.when;
    return (networkAtsBelow !== undefined && networkAts < networkAtsBelow) || (daysOfCoverBelow !== undefined && cover < daysOfCoverBelow);
  });
}
