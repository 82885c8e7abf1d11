import type { ValidEvent } from '../core/events/catalogue.ts';
import type { FactNeeds } from '../ports/store.ts';

/** Lists what a batch of events needs prefetched before the core can decide them. */
export function factNeedsOf(events: readonly ValidEvent[]): FactNeeds {
  const positions = new Map<string, { sku: string; node: string }>();
  const documents = new Map<string, { reference: string; sku: string; node: string }>();
  const transfers = new Map<string, { transferId: string; sku: string }>();
  const movedAfter = new Map<string, { sku: string; node: string; afterMs: number }>();
  const addPosition = (sku: string, node: string) => positions.set(`${sku}\u0000${node}`, { sku, node });
  for (const e of events) {
    const { sku, node } = e.data;
    addPosition(sku, node);
    switch (e.type) {
      case 'wms.receipt':
        if (e.data.reference !== undefined) documents.set(`${e.data.reference}\u0000${sku}\u0000${node}`, { reference: e.data.reference, sku, node });
        break;
      case 'supplier.asn':
      case 'erp.po.created':
        documents.set(`${e.data.reference}\u0000${sku}\u0000${node}`, { reference: e.data.reference, sku, node });
        break;
      case 'transfer.shipped':
        addPosition(sku, e.data.toNode);
        transfers.set(`${e.data.transferId}\u0000${sku}`, { transferId: e.data.transferId, sku });
        break;
      case 'transfer.received':
        transfers.set(`${e.data.transferId}\u0000${sku}`, { transferId: e.data.transferId, sku });
        break;
      case 'wms.cycle_count':
        movedAfter.set(`${sku}\u0000${node}\u0000${e.occurredAtMs}`, { sku, node, afterMs: e.occurredAtMs });
        break;
      default:
        break;
    }
  }
  return {
    positions: [...positions.values()],
    inboundDocuments: [...documents.values()],
    transferLines: [...transfers.values()],
    sellableMovedAfter: [...movedAfter.values()],
  };
}
