import type { Policy } from '../../core/policy/policy-schema.ts';
import { replenishmentParams, replenishmentPolicyOf } from '../../core/replenishment/replenishment-params.ts';
import type { IngestTransaction } from '../../ports/store.ts';
import type { WrittenMovements } from '../movement-recorder.ts';
import { causeData, stringField } from './cause-data.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The catalogue's default of `expectedAt` (issue 5): an ASN or PO (`supplier.asn`,
 * `erp.po.created`) without one is expected the supplier lane's lead time after it occurred; a
 * `transfer.shipped` without one, the DC lane's lead time after shipping. Lead times come from the
 * replenishment policy for the SKU's category and the destination's node type. Written in the
 * ledger transaction, only where the stored `expected_at` is still null, so an explicit time (now
 * or from a later event) always wins.
 */
export async function defaultExpectedAt(tx: IngestTransaction, policy: Policy | null, written: readonly WrittenMovements[]): Promise<void> {
  const documents: { reference: string; sku: string; node: string; occurredAtMs: number }[] = [];
  const transfers: { transferId: string; sku: string; node: string; occurredAtMs: number }[] = [];
  for (const w of written) {
    if (w.cause === null) continue;
    const { type, occurredAtMs } = w.cause;
    if (type !== 'supplier.asn' && type !== 'erp.po.created' && type !== 'transfer.shipped') continue;
    const data = causeData(w.cause.body);
    const sku = stringField(data, 'sku');
    if (data === null || sku === null || stringField(data, 'expectedAt') !== null) continue;
    const reference = stringField(data, 'reference');
    const node = stringField(data, 'node');
    const transferId = stringField(data, 'transferId');
    const toNode = stringField(data, 'toNode');
    if (type === 'transfer.shipped' && transferId !== null && toNode !== null) transfers.push({ transferId, sku, node: toNode, occurredAtMs });
    if (type !== 'transfer.shipped' && reference !== null && node !== null) documents.push({ reference, sku, node, occurredAtMs });
  }
  if (documents.length === 0 && transfers.length === 0) return;
  const skus = [...new Set([...documents, ...transfers].map((d) => d.sku))];
  const master = await tx.projectionMasterData(skus);
  const section = replenishmentPolicyOf(policy);
  const lead = (sku: string, node: string, lane: 'supplier' | 'dc') =>
    replenishmentParams(section, sku, master.categories.get(sku) ?? '', master.nodeTypes.get(node) ?? 'store').leadTime[lane].days * DAY_MS;
  await tx.replenishment.defaultExpectedAt(
    documents.map((d) => ({ reference: d.reference, sku: d.sku, node: d.node, expectedAtMs: d.occurredAtMs + Math.round(lead(d.sku, d.node, 'supplier')) })),
    transfers.map((t) => ({ transferId: t.transferId, sku: t.sku, expectedAtMs: t.occurredAtMs + Math.round(lead(t.sku, t.node, 'dc')) })),
  );
}
