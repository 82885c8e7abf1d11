import fc from 'fast-check';

/**
 * fast-check arbitraries for realistic CloudEvent streams over a small universe (3 SKUs, 3 nodes,
 * 3 references, 3 transfer ids), so that references, transfers, counts and late postings collide
 * often. Every generated event carries what the test needs to judge it without the code under
 * test: the typed draft of a well-formed event, or the error the boundary must answer.
 */

export const SKUS = ['SKU-A', 'SKU-B', 'SKU-C'] as const;
export const NODES = ['N1', 'N2', 'N3'] as const;
export const REFERENCES = ['PO-1', 'PO-2', 'ASN-3'] as const;
export const TRANSFER_IDS = ['T-1', 'T-2', 'T-3'] as const;
export const SOURCES = ['test/pos', 'test/wms', 'test/erp'] as const;
/** Master data the store does not know: events naming them are rejected before the core. */
export const UNKNOWN_SKU = 'SKU-Z';
export const UNKNOWN_NODE = 'N9';

/** Business time 0 of every scenario; events fall within `minutesMax` after it. */
export const BASE_TIME_MS = Date.UTC(2026, 10, 1, 8, 0, 0);
const minutesMax = 40;

/** The data of one well-formed event, as the test model reads it (independent of src/core). */
export type EventDraft =
  | { type: 'pos.sale' | 'pos.return'; data: { sku: string; node: string; qty: number } }
  | { type: 'wms.receipt'; data: { sku: string; node: string; qty: number; reference?: string; into?: 'available' | 'quarantine' } }
  | { type: 'wms.adjustment'; data: { sku: string; node: string; delta: number; reason: 'damage' | 'shrink' | 'found' | 'other' } }
  | { type: 'wms.cycle_count'; data: { sku: string; node: string; countedQty: number } }
  | { type: 'supplier.asn' | 'erp.po.created'; data: { sku: string; node: string; qty: number; reference: string; expectedAt?: string } }
  | { type: 'transfer.shipped'; data: { sku: string; node: string; qty: number; toNode: string; transferId: string; expectedAt?: string } }
  | { type: 'transfer.received'; data: { sku: string; node: string; qty: number; transferId: string } };

export type DraftAt = EventDraft & { readonly atMs: number };

export type ExpectedError = { readonly code: string; readonly field: string };

/** One event as posted, with what a judge needs to know about it. */
export type GeneratedEvent = {
  readonly raw: unknown;
  /** `source\u0000id`, the idempotency key, when the envelope carries both. */
  readonly key: string | null;
  /** The well-formed event over known master data, or null when the boundary must reject it. */
  readonly draft: DraftAt | null;
  /** What the boundary must answer (validation or master data), or null for a well-formed event. */
  readonly expectedError: ExpectedError | null;
};

const sku = fc.constantFrom(...SKUS);
const node = fc.constantFrom(...NODES);
const qty = fc.integer({ min: 1, max: 6 });
const reference = fc.constantFrom(...REFERENCES);
const transferId = fc.constantFrom(...TRANSFER_IDS);
const expectedAt = fc.option(
  fc.integer({ min: 0, max: 7 }).map((d) => new Date(BASE_TIME_MS + d * 86_400_000).toISOString()),
  { nil: undefined },
);

/** Drops keys whose value is undefined, so optional fields are absent rather than `undefined`. */
function compact<T extends Record<string, unknown>>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as T;
}

/** Well-formed drafts of every type in the catalogue. */
export const draftArb: fc.Arbitrary<EventDraft> = fc.oneof(
  fc.record({ type: fc.constantFrom('pos.sale' as const, 'pos.return' as const), data: fc.record({ sku, node, qty }) }),
  fc.record({
    type: fc.constant('wms.receipt' as const),
    data: fc
      .record({
        sku,
        node,
        qty: fc.integer({ min: 1, max: 10 }),
        reference: fc.option(reference, { nil: undefined }),
        into: fc.option(fc.constantFrom('available' as const, 'quarantine' as const), { nil: undefined }),
      })
      .map(compact),
  }),
  fc.record({
    type: fc.constant('wms.adjustment' as const),
    data: fc
      .record({
        sku,
        node,
        size: fc.integer({ min: 1, max: 5 }),
        reason: fc.constantFrom('damage' as const, 'shrink' as const, 'found' as const, 'other' as const),
        up: fc.boolean(),
      })
      .map(({ size, up, ...rest }) => ({ ...rest, delta: rest.reason === 'found' || (rest.reason === 'other' && up) ? size : -size })),
  }),
  fc.record({ type: fc.constant('wms.cycle_count' as const), data: fc.record({ sku, node, countedQty: fc.integer({ min: 0, max: 15 }) }) }),
  fc.record({
    type: fc.constantFrom('supplier.asn' as const, 'erp.po.created' as const),
    data: fc.record({ sku, node, qty: fc.integer({ min: 1, max: 10 }), reference, expectedAt }).map(compact),
  }),
  fc.record({ type: fc.constant('transfer.shipped' as const), data: fc.record({ sku, node, qty, toNode: node, transferId, expectedAt }).map(compact) }),
  fc.record({ type: fc.constant('transfer.received' as const), data: fc.record({ sku, node, qty, transferId }) }),
);

/** RFC 3339 text of `ms`, in UTC or in a +02:00 / -05:30 offset naming the same instant. */
export function formatTime(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const timeArb = fc.record({ minute: fc.integer({ min: 0, max: minutesMax }), offsetMinutes: fc.constantFrom(0, 0, 120, -330) });

/** Envelope attributes that must not change the outcome: a v1 dataschema, a subject, an extension. */
const extrasArb = fc.constantFrom<Record<string, unknown>>(
  {},
  {},
  { dataschema: 'https://omnistock.dev/schemas/v1' },
  { subject: 'shelf-7' },
  { traceparent: '00-abc-def-01' },
);

type Mutation = { readonly expected: ExpectedError; readonly apply: (e: Record<string, unknown>) => unknown };
const withData =
  (patch: Record<string, unknown>, drop: string[] = []) =>
  (e: Record<string, unknown>) => {
    const data = { ...(e.data as Record<string, unknown>), ...patch };
    for (const k of drop) delete data[k];
    return { ...e, data };
  };
const invalid = (code: string, field: string, apply: Mutation['apply']): Mutation => ({ expected: { code, field }, apply });

/** Ways to spoil a pos.sale event, each with the error and field the boundary must name. */
const SALE_MUTATIONS: readonly Mutation[] = [
  invalid('invalid_event', 'data.qty', withData({ qty: 0 })),
  invalid('invalid_event', 'data.qty', withData({ qty: 2.5 })),
  invalid('invalid_event', 'data.qty', withData({ qty: -3 })),
  invalid('invalid_event', 'data.qty', withData({ qty: 1_000_000_001 })),
  invalid('invalid_event', 'data.qty', withData({ qty: '3' })),
  invalid('invalid_event', 'data.sku', withData({}, ['sku'])),
  invalid('invalid_event', 'data.sku', withData({ sku: 'SKU A' })),
  invalid('invalid_event', 'data', withData({ colour: 'red' })),
  invalid('invalid_event', 'data', (e) => ({ ...e, data: 5 })),
  invalid('invalid_event', 'specversion', (e) => ({ ...e, specversion: '0.3' })),
  invalid('unsupported_event_type', 'type', (e) => ({ ...e, type: 'pos.refund' })),
  invalid('invalid_event', 'time', (e) => ({ ...e, time: 'yesterday' })),
  invalid('invalid_event', 'time', (e) => ({ ...e, time: '2026-11-01T10:00:00' })),
  invalid('unsupported_event_version', 'dataschema', (e) => ({ ...e, dataschema: 'https://omnistock.dev/schemas/pos.sale/v9' })),
  invalid('invalid_event', 'id', ({ id: _id, ...rest }) => rest),
  invalid('invalid_event', '(body)', () => 42),
  invalid('invalid_event', '(body)', () => null),
  invalid('invalid_event', '(body)', () => ['not', 'an', 'event']),
  invalid('unknown_sku', 'data.sku', withData({ sku: UNKNOWN_SKU })),
  invalid('unknown_node', 'data.node', withData({ node: UNKNOWN_NODE })),
  invalid('invalid_event', 'data.delta', (e) => ({ ...e, type: 'wms.adjustment', data: { sku: 'SKU-A', node: 'N1', delta: 2, reason: 'damage' } })),
  invalid('invalid_event', 'data.delta', (e) => ({ ...e, type: 'wms.adjustment', data: { sku: 'SKU-A', node: 'N1', delta: -2, reason: 'found' } })),
  invalid('invalid_event', 'data.delta', (e) => ({ ...e, type: 'wms.adjustment', data: { sku: 'SKU-A', node: 'N1', delta: 0, reason: 'other' } })),
  invalid('invalid_event', 'data.countedQty', (e) => ({ ...e, type: 'wms.cycle_count', data: { sku: 'SKU-A', node: 'N1', countedQty: -1 } })),
  invalid('invalid_event', 'data.reference', (e) => ({ ...e, type: 'supplier.asn', data: { sku: 'SKU-A', node: 'N1', qty: 1 } })),
  invalid('invalid_event', 'data.into', (e) => ({ ...e, type: 'wms.receipt', data: { sku: 'SKU-A', node: 'N1', qty: 1, into: 'damaged' } })),
  invalid('unknown_node', 'data.toNode', (e) => ({
    ...e,
    type: 'transfer.shipped',
    data: { sku: 'SKU-A', node: 'N1', qty: 1, toNode: UNKNOWN_NODE, transferId: 'T-1' },
  })),
];

type Item =
  | { kind: 'new'; draft: EventDraft; time: { minute: number; offsetMinutes: number }; source: string; extras: Record<string, unknown>; follow: number }
  | { kind: 'invalid'; mutation: number; source: string }
  | { kind: 'repeat'; pick: number };

const itemArb: fc.Arbitrary<Item> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('new' as const),
      draft: draftArb,
      time: timeArb,
      source: fc.constantFrom(...SOURCES),
      extras: extrasArb,
      follow: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('invalid' as const), mutation: fc.nat({ max: SALE_MUTATIONS.length - 1 }), source: fc.constantFrom(...SOURCES) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat() }) },
);

const keyOf = (raw: unknown): string | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const { source, id } = raw as { source?: unknown; id?: unknown };
  return typeof source === 'string' && typeof id === 'string' ? `${source}\u0000${id}` : null;
};

/**
 * Two times in three, ties a draft to an earlier event so that documents and transfers meet:
 * a receipt or an announcement takes an earlier announcement's (reference, sku, node) — an ASN
 * after its PO, a receipt against either — and a shipment or receipt of a transfer follows an
 * earlier shipment's lane (partial shipments, receipts at the destination).
 */
function followEarlier(draft: EventDraft, follow: number, earlier: readonly GeneratedEvent[]): EventDraft {
  if (follow % 3 === 0) return draft;
  const drafts = earlier.flatMap((e) => (e.draft ? [e.draft] : []));
  const pick = <T>(list: readonly T[]): T | undefined => list[follow % Math.max(1, list.length)];
  switch (draft.type) {
    case 'wms.receipt':
    case 'supplier.asn':
    case 'erp.po.created': {
      const doc = pick(drafts.filter((d) => d.type === 'supplier.asn' || d.type === 'erp.po.created'));
      if (!doc || !('reference' in doc.data) || doc.data.reference === undefined) return draft;
      return { ...draft, data: { ...draft.data, sku: doc.data.sku, node: doc.data.node, reference: doc.data.reference } } as EventDraft;
    }
    case 'transfer.shipped':
    case 'transfer.received': {
      const shipped = pick(drafts.flatMap((d) => (d.type === 'transfer.shipped' ? [d.data] : [])));
      if (!shipped) return draft;
      const lane = draft.type === 'transfer.shipped' ? { node: shipped.node, toNode: shipped.toNode } : { node: shipped.toNode };
      return { ...draft, data: { ...draft.data, sku: shipped.sku, transferId: shipped.transferId, ...lane } } as EventDraft;
    }
    default:
      return draft;
  }
}

/**
 * One time in four, moves a stock-line event to the position of the latest earlier cycle count,
 * at or up to two minutes before the count: the late posting of ARCHITECTURE §1 (a sale posted
 * after the count that already saw it), ties at the count's own time included.
 */
function lateAfterCount(draft: EventDraft, atMs: number, follow: number, earlier: readonly GeneratedEvent[]): { draft: EventDraft; atMs: number } {
  if (follow % 4 !== 1 || draft.type === 'transfer.received') return { draft, atMs };
  const count = earlier.findLast((e) => e.draft?.type === 'wms.cycle_count')?.draft;
  if (!count) return { draft, atMs };
  const moved = { ...draft, data: { ...draft.data, sku: count.data.sku, node: count.data.node } } as EventDraft;
  return { draft: moved, atMs: count.atMs - (follow % 3) * 60_000 };
}

/** Turns generated items into events: unique ids by position, repeats as exact copies of earlier events. */
function assemble(items: readonly Item[], idPrefix: string): GeneratedEvent[] {
  const events: GeneratedEvent[] = [];
  items.forEach((item, index) => {
    const id = `${idPrefix}${index}`;
    if (item.kind === 'repeat') {
      const original = events[item.pick % Math.max(1, events.length)];
      if (original) events.push(original);
      return;
    }
    if (item.kind === 'new') {
      const { draft, atMs } = lateAfterCount(followEarlier(item.draft, item.follow, events), BASE_TIME_MS + item.time.minute * 60_000, item.follow, events);
      const raw = {
        specversion: '1.0',
        id,
        source: item.source,
        type: draft.type,
        time: formatTime(atMs, item.time.offsetMinutes),
        ...item.extras,
        data: draft.data,
      };
      events.push({ raw, key: keyOf(raw), draft: { ...draft, atMs }, expectedError: null });
      return;
    }
    const mutation = SALE_MUTATIONS[item.mutation] as Mutation;
    const base = {
      specversion: '1.0',
      id,
      source: item.source,
      type: 'pos.sale',
      time: formatTime(BASE_TIME_MS, 0),
      data: { sku: 'SKU-A', node: 'N1', qty: 1 },
    };
    const raw = mutation.apply(base);
    events.push({ raw, key: keyOf(raw), draft: null, expectedError: mutation.expected });
  });
  return events;
}

/** A stream of events: mostly well-formed, some invalid, some exact repeats of earlier ones. */
export const eventSequenceArb = (options: { maxLength?: number; idPrefix?: string } = {}): fc.Arbitrary<GeneratedEvent[]> =>
  fc.array(itemArb, { minLength: 1, maxLength: options.maxLength ?? 40, size: 'max' }).map((items) => assemble(items, options.idPrefix ?? 'ev-'));

/** Cuts `events` into consecutive batches whose sizes cycle through `sizes`. */
export function cutIntoBatches<T>(events: readonly T[], sizes: readonly number[]): T[][] {
  const batches: T[][] = [];
  let at = 0;
  for (let i = 0; at < events.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    batches.push(events.slice(at, at + size));
    at += size;
  }
  return batches;
}

/** A stream cut into random batches: each batch is one `ingest` call. */
export const batchedEventsArb = (options: { maxLength?: number; batchSizeMax?: number } = {}): fc.Arbitrary<GeneratedEvent[][]> =>
  fc
    .tuple(eventSequenceArb(options), fc.array(fc.integer({ min: 1, max: options.batchSizeMax ?? 8 }), { minLength: 1, maxLength: 8 }))
    .map(([events, sizes]) => cutIntoBatches(events, sizes));
