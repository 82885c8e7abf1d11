import { assertNever } from '../core/assert.ts';
import type { ErpDocument } from '../core/erp-documents/erp-document.ts';
import { limits } from '../core/limits.ts';
import type { ErpDocumentRecord, ErpDocumentRepository } from '../ports/erp-documents.ts';

/** Columns of the flat file, in order (docs/erp-documents.md §5). One row per document line. */
export const ERP_EXPORT_COLUMNS = [
  'document_id',
  'idempotency_key',
  'type',
  'status',
  'occurred_at',
  'created_at',
  'cause_source',
  'cause_id',
  'cause_type',
  'reference',
  'detail',
  'from_node',
  'line_node',
  'sku',
  'qty',
  'signed_qty',
  'unit_cost',
  'value',
  'erp_reference',
] as const;

/**
 * The CSV of documents created at or after `sinceMs`, as chunks of text (header first), read from
 * the store `limits.erpExportChunkRowsMax` documents at a time so memory stays flat however many
 * there are. `onDocuments` counts progress. For ERPs that still take batch files.
 */
export async function* exportErpDocumentsCsv(
  documents: ErpDocumentRepository,
  sinceMs: number,
  onDocuments: (n: number) => void = () => undefined,
): AsyncGenerator<string> {
  yield `${ERP_EXPORT_COLUMNS.join(',')}\n`;
  for await (const chunk of documents.createdSince(sinceMs, limits.erpExportChunkRowsMax)) {
    yield chunk.flatMap(rowsOf).join('');
    onDocuments(chunk.length);
  }
}

function rowsOf(r: ErpDocumentRecord): string[] {
  const d = r.document;
  const { reference, detail, fromNode, sign } = describe(d);
  return d.lines.map(
    (line) =>
      `${[
        r.id,
        r.idempotencyKey,
        d.type,
        r.status,
        new Date(d.occurredAtMs).toISOString(),
        new Date(r.createdAtMs).toISOString(),
        d.cause.source,
        d.cause.id,
        d.cause.type,
        reference,
        detail,
        fromNode,
        line.node,
        line.sku,
        line.qty,
        sign * line.qty,
        line.unitCost,
        line.value,
        r.erpReference ?? '',
      ]
        .map(csvField)
        .join(',')}\n`,
  );
}

/** The reference, detail and stock direction of each type, flattened for a batch interface. */
function describe(d: ErpDocument): { reference: string; detail: string; fromNode: string; sign: 1 | -1 | 0 } {
  switch (d.type) {
    case 'GoodsReceipt':
      return {
        reference: [d.details.purchaseOrder, d.details.purchaseOrderItem].filter((p) => p !== null).join(':'),
        detail: d.details.stockType,
        fromNode: '',
        sign: 1,
      };
    case 'InventoryAdjustment':
      return {
        reference: '',
        detail: `${d.details.reason}/${d.details.effect}`,
        fromNode: '',
        sign: d.details.effect === 'gain' ? 1 : d.details.effect === 'loss' ? -1 : 0,
      };
    case 'TransferConfirmation':
      return { reference: d.details.transferId, detail: '', fromNode: d.details.fromNode ?? '', sign: 1 };
    case 'ReturnOutcome':
      return { reference: d.details.returnId, detail: d.details.outcome, fromNode: '', sign: 1 };
    case 'ScrapOrDisposal':
      return { reference: '', detail: d.details.fromStock, fromNode: '', sign: -1 };
    case 'VendorReturn':
      return { reference: d.details.purchaseOrder ?? '', detail: d.details.claimReference ?? '', fromNode: '', sign: -1 };
    // Requests move no stock yet (the ERP confirms them with events that do): signed qty 0.
    case 'PurchaseOrderRequest':
      return { reference: d.details.proposalId, detail: d.details.supplier ?? '', fromNode: '', sign: 0 };
    case 'TransferRequest':
      return { reference: d.details.proposalId, detail: '', fromNode: d.details.fromNode, sign: 0 };
    default:
      return assertNever(d, 'ERP document');
  }
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling its quotes. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
