import { isBucketSide } from '../core/ledger/buckets.ts';
import type { Movement } from '../core/ledger/movement.ts';
import type { SoldSerialRow } from '../ports/return-store.ts';
import type { EventRecord, IngestTransaction } from '../ports/store.ts';
import type { AfterCommands } from './ledger-writer.ts';
import type { WrittenMovements } from './movement-recorder.ts';

/** Event types whose `data.serials` name units we sold. */
const SELLING_TYPES = new Set(['pos.sale', 'fulfillment.shipped']);

/**
 * Records the serials of units we sold (docs/returns.md §2), so an inspection can tell a unit
 * sold on the return's order from one sold elsewhere or never sold by us. A LedgerWriter
 * after-step: it reads the transaction's written movements with their journalled causes, so it
 * needs no hook in the ingestion or order code, sees only events that committed movements (a
 * rejected or duplicate event writes none), and writes in the same transaction.
 *
 * - `pos.sale`: the order reference is the event id (the POS transaction id), no order id.
 * - `fulfillment.shipped`: the order reference is the order's channel reference, the order id
 *   comes from `<orderId>/F<n>`. A shipment of several SKUs attributes each serial to its
 *   serialized SKUs (to every SKU when none is flagged serialized): the event names serials only.
 */
export const recordSoldSerials: AfterCommands = async (tx, _touched, _nowMs, written) => {
  const sales = salesByCause(written);
  if (sales.length === 0) return;
  const orderIds = sales.flatMap((s) => (s.orderId === null ? [] : [s.orderId]));
  const refs = await tx.returns.orderRefsOf(orderIds);
  const serialized = await serializedSkus(
    tx,
    sales.flatMap((s) => s.movements.map((m) => m.sku)),
  );
  const rows: SoldSerialRow[] = [];
  for (const s of sales) {
    const skus = [...new Set(s.movements.map((m) => m.sku as string))];
    const flagged = skus.filter((k) => serialized.has(k));
    const owners = skus.length === 1 ? skus : flagged.length > 0 ? flagged : skus;
    const orderRef = s.orderId === null ? s.cause.id : (refs.get(s.orderId) ?? s.orderId);
    for (const sku of owners) {
      const m = s.movements.find((x) => x.sku === sku) as Movement;
      const node = isBucketSide(m.from) ? m.from.node : '';
      for (const serial of s.serials) rows.push({ sku, serial, orderRef, orderId: s.orderId, node, soldAtMs: m.occurredAtMs, eventSeq: s.eventSeq });
    }
  }
  await tx.returns.recordSoldSerials(rows);
};

type Sale = {
  readonly eventSeq: number;
  readonly cause: EventRecord;
  readonly serials: readonly string[];
  readonly orderId: string | null;
  readonly movements: readonly Movement[];
};

/** The selling causes with serials, each with its movements to the customer (merged across write calls). */
function salesByCause(written: readonly WrittenMovements[]): Sale[] {
  const bySeq = new Map<number, Sale>();
  for (const w of written) {
    if (w.cause === null || !SELLING_TYPES.has(w.cause.type)) continue;
    const toCustomer = w.movements.filter((m) => 'account' in m.to && m.to.account === 'customer');
    const known = bySeq.get(w.eventSeq);
    if (known !== undefined) {
      bySeq.set(w.eventSeq, { ...known, movements: [...known.movements, ...toCustomer] });
      continue;
    }
    const data = dataOf(w.cause.body);
    const serials = Array.isArray(data?.serials) ? data.serials.filter((x): x is string => typeof x === 'string') : [];
    if (serials.length === 0) continue;
    const fo = typeof data?.fulfilmentOrderId === 'string' ? data.fulfilmentOrderId : null;
    const orderId = fo === null ? null : fo.slice(0, fo.lastIndexOf('/'));
    bySeq.set(w.eventSeq, { eventSeq: w.eventSeq, cause: w.cause, serials, orderId, movements: toCustomer });
  }
  return [...bySeq.values()].filter((s) => s.movements.length > 0);
}

async function serializedSkus(tx: IngestTransaction, skus: readonly string[]): Promise<Set<string>> {
  const { items } = await tx.workflow.sourcingMasterData('', [...new Set(skus)]);
  return new Set(items.filter((i) => i.serialized).map((i) => i.sku));
}

function dataOf(body: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return typeof parsed.data === 'object' && parsed.data !== null ? (parsed.data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
