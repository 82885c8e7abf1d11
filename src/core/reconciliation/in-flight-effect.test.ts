// Goal: a pending dead letter becomes in-flight evidence with the right effect on its node, only
// when it occurred by asOf and its effect is knowable. Method: hand-written CloudEvent bodies.
import { describe, expect, it } from 'vitest';
import { inFlightEvidence } from './in-flight-effect.ts';

const AS_OF = Date.parse('2026-03-01T12:00:00Z');
const body = (type: string, time: string, data: object) => JSON.stringify({ specversion: '1.0', id: 'e', source: 'pos', type, time, data });

describe('inFlightEvidence', () => {
  it('reads the effect of the common event types', () => {
    const at = '2026-03-01T11:00:00Z';
    expect(inFlightEvidence('pos/e1', body('pos.sale', at, { sku: 'A', node: 'S1', qty: 2 }), AS_OF)).toEqual({
      kind: 'in_flight',
      sku: 'A',
      node: 'S1',
      reference: 'pos/e1',
      effect: { available: -2 },
    });
    expect(inFlightEvidence('r', body('wms.receipt', at, { sku: 'A', node: 'S1', qty: 5, into: 'quarantine' }), AS_OF)).toMatchObject({
      effect: { quarantine: 5 },
    });
    expect(inFlightEvidence('r', body('wms.adjustment', at, { sku: 'A', node: 'S1', delta: -3, reason: 'damage' }), AS_OF)).toMatchObject({
      effect: { available: -3, damaged: 3 },
    });
    expect(inFlightEvidence('r', body('wms.adjustment', at, { sku: 'A', node: 'S1', delta: 4, reason: 'found' }), AS_OF)).toMatchObject({
      effect: { available: 4 },
    });
  });

  it('ignores events after asOf, unreadable bodies and counts', () => {
    expect(inFlightEvidence('r', body('pos.sale', '2026-03-01T12:00:01Z', { sku: 'A', node: 'S1', qty: 1 }), AS_OF)).toBeNull();
    expect(inFlightEvidence('r', 'not json', AS_OF)).toBeNull();
    expect(inFlightEvidence('r', body('pos.sale', '2026-03-01T11:00:00Z', { sku: 'A', qty: 1 }), AS_OF)).toBeNull();
    expect(inFlightEvidence('r', body('wms.cycle_count', '2026-03-01T11:00:00Z', { sku: 'A', node: 'S1', countedQty: 3 }), AS_OF)).toBeNull();
  });
});
