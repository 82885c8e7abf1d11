import { stringify } from 'yaml';
import { openingReceipts } from '../../core/events/build-event.ts';
import { limits } from '../../core/limits.ts';
import type { Scenario } from '../../core/simulation/scenario-schema.ts';
import type { SimWorld } from '../../core/simulation/scenario-world.ts';
import type { SimulationTarget } from '../../ports/simulation-target.ts';

/** The CloudEvents source of the opening stock, so the ledger shows where it came from. */
export const OPENING_SOURCE = 'simulator/opening';

/**
 * Loads the scenario's retailer into a fresh target: master data, the policy, and the opening
 * stock as `wms.receipt` events a day before the start, through the real ingestor. `policy`
 * overrides the scenario's document (the run without exposure buffers).
 */
export async function seedWorld(target: SimulationTarget, scenario: Scenario, world: SimWorld, policy = scenario.policy): Promise<number> {
  await target.loadMasterData({ items: world.items, nodes: world.nodes, channels: world.channels, policyYaml: stringify(policy) });
  const receipts = openingReceipts(world.openingStock, OPENING_SOURCE, Date.parse(scenario.start) - 24 * 3600 * 1000);
  for (let start = 0; start < receipts.length; start += limits.eventsPerRequestMax) {
    const verdicts = await target.ingest(receipts.slice(start, start + limits.eventsPerRequestMax));
    const rejected = verdicts.findIndex((v) => v.status === 'rejected');
    if (rejected >= 0) throw new Error(`opening stock ${receipts[start + rejected]?.id} was rejected; is the scenario's master data complete?`);
  }
  return receipts.length;
}
