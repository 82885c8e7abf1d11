import { stringify } from 'yaml';
import { limits } from '../../core/limits.ts';
import type { Scenario } from '../../core/simulation/scenario-schema.ts';
import type { SimWorld } from '../../core/simulation/scenario-world.ts';
import { putChannel } from '../put-channel.ts';
import { putPolicy } from '../put-policy.ts';
import type { SimulationEngine } from './simulation-engine.ts';

/** The CloudEvents source of the opening stock, so the ledger shows where it came from. */
export const OPENING_SOURCE = 'simulator/opening';

/**
 * Loads the scenario's retailer into a fresh engine: master data, the policy (version 1), and
 * the opening stock as `wms.receipt` events a day before the start, through the real ingestor.
 */
export async function seedWorld(engine: SimulationEngine, scenario: Scenario, world: SimWorld): Promise<number> {
  const { store } = engine;
  for (const item of world.items) await store.masterData.putItem(item);
  for (const node of world.nodes) await store.masterData.putNode(node);
  for (const channel of world.channels) {
    const result = await putChannel(store, channel);
    if (!result.ok) throw new Error(`scenario channel ${channel.channelId}: ${result.error.message}`);
  }
  const policy = await putPolicy(
    { policies: store.policies, holder: engine.policies, clock: engine.clock },
    { text: stringify(scenario.policy), actor: 'simulator' },
  );
  if (!policy.ok) throw new Error(`the scenario's policy is invalid: ${policy.error.map((e) => e.message).join('; ')}`);
  await engine.rebuildIfInputsChanged();
  const time = new Date(engine.clock.now() - 24 * 3600 * 1000).toISOString();
  const receipts = world.openingStock.map((line) => ({
    specversion: '1.0',
    id: `opening-${line.sku}-${line.node}`,
    source: OPENING_SOURCE,
    type: 'wms.receipt',
    time,
    data: { sku: line.sku, node: line.node, qty: line.qty },
  }));
  for (let start = 0; start < receipts.length; start += limits.eventsPerRequestMax) {
    const verdicts = await engine.ingestor.ingest(receipts.slice(start, start + limits.eventsPerRequestMax), { allowedSource: null });
    const rejected = verdicts.find((v) => v.status === 'rejected');
    if (rejected) throw new Error(`opening stock ${rejected.id} was rejected: ${JSON.stringify(rejected)}`);
  }
  return receipts.length;
}
