// Goal: the likely cause points the same way as the variance, prefers an exact explanation, and
// caps the explained units at the variance. Method: hand-made evidence against small variances.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { type CauseEvidence, likelyCause } from './likely-cause.ts';

const sku = asSku('TENT-1');
const s1 = asNodeId('S1');
const inFlight = (ref: string, available: number): CauseEvidence => ({ kind: 'in_flight', sku, node: s1, reference: ref, effect: { available } });
const late = (ref: string, available: number): CauseEvidence => ({ kind: 'late_posting', sku, node: s1, reference: ref, effect: { available } });
const transfer: CauseEvidence = { kind: 'pending_transfer', sku, fromNode: asNodeId('DC'), toNode: s1, reference: 'T-1', qty: 5 };

describe('likelyCause', () => {
  it('sums the evidence of one cause and names its references', () => {
    expect(likelyCause(-3, s1, 'on_hand', [inFlight('e1', -1), inFlight('e2', -2)])).toEqual({
      cause: 'in_flight',
      explainedUnits: -3,
      references: ['e1', 'e2'],
    });
  });
  it('ignores causes pointing the other way', () => {
    // A late sale (effect −1) explains +1 (we already subtracted it, the source had not): not a −1 variance.
    expect(likelyCause(-1, s1, 'on_hand', [late('e1', -1)])).toBeNull();
    expect(likelyCause(1, s1, 'on_hand', [late('e1', -1)])?.cause).toBe('late_posting');
  });
  it('prefers an exact explanation over a larger one, and caps at the variance', () => {
    expect(likelyCause(5, s1, 'on_hand', [late('e1', -2), transfer])?.cause).toBe('pending_transfer');
    expect(likelyCause(2, s1, 'on_hand', [late('e1', -2), transfer])?.cause).toBe('late_posting');
    expect(likelyCause(3, s1, 'on_hand', [late('e1', -1), transfer])).toEqual({ cause: 'pending_transfer', explainedUnits: 3, references: ['T-1'] });
  });
  it('matches the bucket of the line', () => {
    expect(likelyCause(-1, s1, 'damaged', [inFlight('e1', -1)])).toBeNull();
    expect(likelyCause(5, s1, 'quarantine', [transfer])).toBeNull();
    expect(likelyCause(0, s1, 'on_hand', [inFlight('e1', -1)])).toBeNull();
  });
  it('ignores evidence of another node', () => {
    expect(likelyCause(-1, asNodeId('S2'), 'on_hand', [inFlight('e1', -1)])).toBeNull();
  });
});
