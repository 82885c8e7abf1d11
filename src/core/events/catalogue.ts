import { z } from 'zod';
import { ID_PATTERN } from '../ids.ts';
import { limits } from '../limits.ts';
import { inspectionLinesSchema, refurbishmentLinesSchema, returnIdSchema } from '../returns/return-line-schemas.ts';

/**
 * The catalogue of inbound event types and their versioned `data` schemas. A producer may name
 * the version in the CloudEvents `dataschema` attribute (`…/<type>/v1`); without it, v1 applies.
 * A new incompatible shape gets a new version beside the old one, never an edit of the old one.
 */
const id = (what: string) =>
  z.string().min(1, `${what} must not be empty`).max(limits.idLengthMax).regex(ID_PATTERN, `${what} may contain letters, digits and . _ : - only`);
const qty = z.number().int().positive().max(limits.qtyMax);
const time = z.iso.datetime({ offset: true });
const serials = z.array(z.string().min(1).max(limits.idLengthMax)).max(limits.qtyMax).optional();

const stockLine = { sku: id('sku'), node: id('node') };

export const EVENT_SCHEMAS = {
  'pos.sale': { v1: z.strictObject({ ...stockLine, qty, serials }) },
  'pos.return': { v1: z.strictObject({ ...stockLine, qty, serials }) },
  'wms.receipt': {
    v1: z.strictObject({
      ...stockLine,
      qty,
      reference: id('reference').optional(),
      into: z.enum(['available', 'quarantine']).optional(),
    }),
  },
  'wms.adjustment': {
    v1: z.strictObject({
      ...stockLine,
      delta: z
        .number()
        .int()
        .min(-limits.qtyMax)
        .max(limits.qtyMax)
        .refine((d) => d !== 0, 'delta must not be zero'),
      reason: z.enum(['damage', 'shrink', 'found', 'other']),
    }),
  },
  'wms.cycle_count': {
    v1: z.strictObject({ ...stockLine, countedQty: z.number().int().min(0).max(limits.qtyMax) }),
  },
  'supplier.asn': {
    v1: z.strictObject({ ...stockLine, qty, reference: id('reference'), expectedAt: time.optional() }),
  },
  'erp.po.created': {
    v1: z.strictObject({ ...stockLine, qty, reference: id('reference'), expectedAt: time.optional() }),
  },
  'transfer.shipped': {
    v1: z.strictObject({ ...stockLine, qty, toNode: id('toNode'), transferId: id('transferId'), expectedAt: time.optional() }),
  },
  'transfer.received': { v1: z.strictObject({ ...stockLine, qty, transferId: id('transferId') }) },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  'pos.sale': 'A store sold units: available → customer at the store.',
  'pos.return': 'A customer returned units at a store: customer → quarantine (not sellable before inspection).',
  'wms.receipt':
    'Units received: inbound → available when `reference` names an ASN/PO with units still inbound (the rest from supplier); supplier → available otherwise; `into: quarantine` receives for QC.',
  'wms.adjustment':
    'A signed correction: damage moves available → damaged; shrink (or other, negative) available → shrink; found (or other, positive) shrink → available.',
  'wms.cycle_count':
    'Sellable units counted on the shelf as of `time` (including reserved and allocated units not picked yet); the difference moves between available and shrink.',
  'supplier.asn':
    'An advance shipping notice: supplier → inbound at the node. Without `expectedAt`, the units are expected after the supplier lane lead time of the replenishment policy.',
  'erp.po.created':
    'A purchase order: supplier → inbound at the node. Without `expectedAt`, expected after the supplier lane lead time; a `reference` that is a replenishment proposal id confirms that proposal.',
  'transfer.shipped':
    'A transfer left its origin: origin/available → toNode/inbound. Without `expectedAt`, expected after the DC lane lead time; a `transferId` that is a replenishment proposal id confirms that proposal.',
  'transfer.received': 'A transfer arrived: inbound → available at the destination node.',
};

/** Data of each event type, as validated. */
export type EventData = { [T in EventType]: z.infer<(typeof EVENT_SCHEMAS)[T]['v1']> };

/** An event that passed envelope and data validation. */
export type ValidEvent = {
  [T in EventType]: {
    readonly type: T;
    readonly source: string;
    readonly id: string;
    readonly occurredAtMs: number;
    readonly data: EventData[T];
  };
}[EventType];

export const isEventType = (value: string): value is EventType => Object.hasOwn(EVENT_SCHEMAS, value);

/**
 * Fulfilment-order ids are `<orderId>/F<seq>` (core/orders/allocate-order.ts): an order id, a
 * slash, then `F` and the sequence. Twice the id length, since the order id is itself an id.
 */
const fulfilmentOrderId = z
  .string()
  .min(1, 'fulfilmentOrderId must not be empty')
  .max(2 * limits.idLengthMax)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*\/F[1-9][0-9]*$/, 'fulfilmentOrderId has the form <orderId>/F<n>, as GET /v1/orders/{id} lists it');

/**
 * Workflow events (issue 3): facts about fulfilment orders and orders rather than about one SKU
 * at one node, so they are kept apart from `EVENT_SCHEMAS` (whose data always names `sku` and
 * `node` and which the pure ledger decides). The ingestor hands them to the order workflow, in
 * order with the ledger events of the same request.
 */
export const WORKFLOW_EVENT_SCHEMAS = {
  'fulfillment.picked': { v1: z.strictObject({ fulfilmentOrderId }) },
  'fulfillment.shipped': { v1: z.strictObject({ fulfilmentOrderId, serials }) },
  'fulfillment.short_picked': {
    v1: z.strictObject({
      fulfilmentOrderId,
      picked: z
        .array(z.strictObject({ sku: id('sku'), pickedQty: z.number().int().min(0).max(limits.qtyMax) }))
        .min(1, 'picked must list at least one SKU picked short')
        .max(limits.orderLinesMax),
    }),
  },
  'order.cancelled': { v1: z.strictObject({ orderId: id('orderId'), reason: z.string().max(limits.textLengthMax).optional() }) },
  // Issue 4 returns (docs/returns.md): facts about a return authorisation, handled by the returns workflow.
  'return.received': { v1: z.strictObject({ returnId: returnIdSchema }) },
  'return.inspected': { v1: z.strictObject({ returnId: returnIdSchema, lines: inspectionLinesSchema }) },
  'refurbish.completed': { v1: z.strictObject({ returnId: returnIdSchema, lines: refurbishmentLinesSchema }) },
} as const;

export type WorkflowEventType = keyof typeof WORKFLOW_EVENT_SCHEMAS;
export const WORKFLOW_EVENT_TYPES = Object.keys(WORKFLOW_EVENT_SCHEMAS) as WorkflowEventType[];

export const WORKFLOW_EVENT_DESCRIPTIONS: Record<WorkflowEventType, string> = {
  'fulfillment.picked': 'The node picked the fulfilment order in full (no movement: the units stay allocated until shipped).',
  'fulfillment.shipped': 'The fulfilment order shipped: allocated → customer for the picked units; `serials` are kept on the order.',
  'fulfillment.short_picked':
    'The node found fewer units than allocated (`picked` lists the SKUs picked short with the units found): the missing units move allocated → shrink, then each is re-sourced to another node, else substituted from the item’s `substitutes`, else the line is cancelled and the customer notified.',
  'order.cancelled': 'The order was cancelled: every fulfilment order not yet shipped is cancelled and its units go back allocated → available.',
  'return.received':
    'The parcel of a return authorisation arrived at its receiving node: every unit moves customer → quarantine (not sellable before inspection).',
  'return.inspected':
    'Returned units were inspected (`lines`: sku, serial?, grade A–D, packaging, notes?): the serial is checked against our sales, warranty is computed, and the policy’s rules dispose of each unit (restock, refurbish, damaged) or hold it for an operator.',
  'refurbish.completed': 'Refurbishment ended for units of a return (`lines`: sku, serial?, outcome restock | damaged): refurbish → available or damaged.',
};

/** Data of each workflow event type, as validated. */
export type WorkflowEventData = { [T in WorkflowEventType]: z.infer<(typeof WORKFLOW_EVENT_SCHEMAS)[T]['v1']> };

/** A workflow event that passed envelope and data validation. */
export type WorkflowEvent = {
  [T in WorkflowEventType]: {
    readonly type: T;
    readonly source: string;
    readonly id: string;
    readonly occurredAtMs: number;
    readonly data: WorkflowEventData[T];
  };
}[WorkflowEventType];

export const isWorkflowEventType = (value: string): value is WorkflowEventType => Object.hasOwn(WORKFLOW_EVENT_SCHEMAS, value);
