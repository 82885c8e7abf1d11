// Unit tests of validateEvent: envelope and data errors name the field at fault, dataschema
// versions are honoured, and no input makes it throw or yield an unusable business time
// (a fast-check property over arbitrary JSON and mutated events).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from './validate-event.ts';

const sale = { specversion: '1.0', id: 'e1', source: 'pos/1', type: 'pos.sale', time: '2026-11-01T10:00:00+01:00', data: { sku: 'A', node: 'S1', qty: 2 } };
const fieldOf = (raw: unknown) => {
  const r = validateEvent(raw);
  return r.ok ? 'ok' : `${r.error.code} ${r.error.field}`;
};

describe('validateEvent', () => {
  it('accepts a well-formed event with its business time in epoch ms and keeps extension attributes harmless', () => {
    const r = validateEvent({ ...sale, traceparent: '00-1-2-01', subject: 'x' });
    expect(r).toEqual({ ok: true, value: { type: 'pos.sale', source: 'pos/1', id: 'e1', occurredAtMs: Date.UTC(2026, 10, 1, 9), data: sale.data } });
  });

  it('names the envelope field at fault', () => {
    expect(fieldOf(42)).toBe('invalid_event (body)');
    expect(fieldOf({ ...sale, specversion: '0.3' })).toBe('invalid_event specversion');
    expect(fieldOf({ ...sale, id: '' })).toBe('invalid_event id');
    expect(fieldOf({ ...sale, source: undefined })).toBe('invalid_event source');
    expect(fieldOf({ ...sale, time: '2026-11-01 10:00' })).toBe('invalid_event time');
    expect(fieldOf({ ...sale, time: '2026-02-30T10:00:00Z' })).toBe('invalid_event time');
    expect(fieldOf({ ...sale, data: 'x' })).toBe('invalid_event data');
    expect(fieldOf({ ...sale, type: 'pos.refund' })).toBe('unsupported_event_type type');
  });

  it('names the data field at fault, with the data. prefix', () => {
    expect(fieldOf({ ...sale, data: { ...sale.data, qty: 0 } })).toBe('invalid_event data.qty');
    expect(fieldOf({ ...sale, data: { ...sale.data, qty: 1_000_000_001 } })).toBe('invalid_event data.qty');
    expect(fieldOf({ ...sale, data: { ...sale.data, node: 'a b' } })).toBe('invalid_event data.node');
    expect(fieldOf({ ...sale, type: 'wms.cycle_count', data: { sku: 'A', node: 'S1', countedQty: -1 } })).toBe('invalid_event data.countedQty');
    expect(fieldOf({ ...sale, type: 'wms.cycle_count', data: { sku: 'A', node: 'S1', countedQty: 0 } })).toBe('ok');
    expect(fieldOf({ ...sale, type: 'supplier.asn', data: { ...sale.data, reference: 'R', expectedAt: 'soon' } })).toBe('invalid_event data.expectedAt');
    expect(fieldOf({ ...sale, type: 'transfer.shipped', data: { ...sale.data, transferId: 'T' } })).toBe('invalid_event data.toNode');
  });

  it('applies the adjustment sign rules: damage and shrink remove, found adds, other either way, never zero', () => {
    const adj = (delta: number, reason: string) => fieldOf({ ...sale, type: 'wms.adjustment', data: { sku: 'A', node: 'S1', delta, reason } });
    expect([adj(-1, 'damage'), adj(-1, 'shrink'), adj(1, 'found'), adj(1, 'other'), adj(-1, 'other')]).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect([adj(1, 'damage'), adj(1, 'shrink'), adj(-1, 'found'), adj(0, 'other')]).toEqual(Array(4).fill('invalid_event data.delta'));
  });

  it('honours dataschema versions: v1 or none is known, any other version or form is not', () => {
    expect(fieldOf({ ...sale, dataschema: 'https://omnistock.dev/schemas/pos.sale/v1' })).toBe('ok');
    expect(fieldOf({ ...sale, dataschema: 'https://omnistock.dev/schemas/pos.sale/v2' })).toBe('unsupported_event_version dataschema');
    expect(fieldOf({ ...sale, dataschema: 'https://omnistock.dev/schemas/pos.sale' })).toBe('unsupported_event_version dataschema');
  });

  it('never throws, and an accepted event always has a finite business time (property)', () => {
    const mutated = fc
      .record({
        field: fc.constantFrom('specversion', 'id', 'source', 'type', 'time', 'data', 'dataschema'),
        value: fc.oneof(
          fc.jsonValue(),
          fc.constantFrom('2026-11-01T10:00:00.123456789Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '2026-11-01T24:00:00Z'),
        ),
      })
      .map(({ field, value }) => ({ ...sale, [field]: value }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), mutated), (raw) => {
        const r = validateEvent(raw);
        if (r.ok) expect(Number.isFinite(r.value.occurredAtMs)).toBe(true);
        else expect(r.error.field).toBeTruthy();
      }),
      { numRuns: 500 },
    );
  });
});
