// Goal: every legal and illegal reservation transition, with its effects: open holds available →
// reserved, confirm moves reserved → allocated into one fulfilment order per node, release/expire
// give units back, and a resolved reservation is never touched again. Method: table-driven cases.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import type { SourcingDecision } from '../sourcing/sourcing-types.ts';
import { openReservation } from './open-reservation.ts';
import { RESERVATION_STATES, RESERVATION_TRANSITIONS, type Reservation } from './reservation.ts';
import { type ReservationEvent, transitionReservation } from './transition-reservation.ts';

const T0 = Date.parse('2026-11-01T10:00:00Z');
const A = asSku('A');
const B = asSku('B');
const N1 = asNodeId('N1');
const N2 = asNodeId('N2');
const emptyTrace = { method: 'ship' as const, candidates: [], candidatesOmitted: 0, search: 'exact' as const, options: [], chosen: null, reason: '' };
const decision = (partial = false): SourcingDecision => ({
  allocations: [
    { lineIndex: 0, sku: A, node: N2, qty: 2 },
    { lineIndex: 0, sku: A, node: N1, qty: 1 },
    { lineIndex: 1, sku: B, node: N1, qty: 4 },
  ],
  shortLines: partial ? [{ lineIndex: 1, sku: B, requestedQty: 5, allocatedQty: 4, availableQty: 4, reason: 'insufficient_ats' }] : [],
  shipments: [N1, N2],
  trace: emptyTrace,
});
const channelPolicy = (doc: Record<string, unknown>) => {
  const r = parsePolicy({ version: 1, channels: { web: doc } });
  if (!r.ok) throw new Error('bad policy');
  return r.value.channels.web ?? null;
};
const open = (): Reservation => {
  const r = openReservation({ id: 'R1', channelId: 'web', orderRef: 'O-1' }, decision(), null, T0);
  if (!r.ok) throw new Error('open failed');
  return r.value.state;
};
const moves = (effects: readonly { kind: string }[]) =>
  effects.flatMap((e) => ('movement' in e ? [e.movement as { sku: string; from: unknown; to: unknown; qty: number; reason: string }] : []));

describe('openReservation', () => {
  it('holds every allocation, merged per sku and node, and schedules the expiry', () => {
    const r = openReservation({ id: 'R1', channelId: 'web', orderRef: 'O-1' }, decision(), null, T0);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.state).toMatchObject({ status: 'active', expiresAtMs: T0 + 900_000, closedAtMs: null, orderId: null });
    expect(r.value.state.lines).toEqual([
      { sku: A, node: N1, qty: 1 },
      { sku: A, node: N2, qty: 2 },
      { sku: B, node: N1, qty: 4 },
    ]);
    expect(moves(r.value.effects)).toEqual([
      { sku: A, from: { node: N1, bucket: 'available' }, to: { node: N1, bucket: 'reserved' }, qty: 1, reason: 'reservation', occurredAtMs: T0 },
      { sku: A, from: { node: N2, bucket: 'available' }, to: { node: N2, bucket: 'reserved' }, qty: 2, reason: 'reservation', occurredAtMs: T0 },
      { sku: B, from: { node: N1, bucket: 'available' }, to: { node: N1, bucket: 'reserved' }, qty: 4, reason: 'reservation', occurredAtMs: T0 },
    ]);
    expect(r.value.effects.at(-1)).toEqual({ kind: 'schedule_reservation_expiry', reservationId: 'R1', atMs: T0 + 900_000 });
  });

  it('takes the TTL from the request, else from the channel policy', () => {
    const viaPolicy = openReservation({ id: 'R', channelId: 'web', orderRef: 'O' }, decision(), channelPolicy({ reservationTtlSeconds: 60 }), T0);
    expect(viaPolicy.ok && viaPolicy.value.state.expiresAtMs).toBe(T0 + 60_000);
    const viaRequest = openReservation(
      { id: 'R', channelId: 'web', orderRef: 'O', ttlSeconds: 5 },
      decision(),
      channelPolicy({ reservationTtlSeconds: 60 }),
      T0,
    );
    expect(viaRequest.ok && viaRequest.value.state.expiresAtMs).toBe(T0 + 5_000);
  });

  it('is all-or-nothing unless the channel allows partial reservations', () => {
    const refused = openReservation({ id: 'R', channelId: 'web', orderRef: 'O' }, decision(true), null, T0);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('insufficient_available');
    expect(refused.error.shortLines).toEqual(decision(true).shortLines);
    const partial = openReservation({ id: 'R', channelId: 'web', orderRef: 'O' }, decision(true), channelPolicy({ allowPartialReservations: true }), T0);
    expect(partial.ok).toBe(true);
  });

  it('never opens an empty hold, even when partial is allowed', () => {
    const none: SourcingDecision = { ...decision(true), allocations: [] };
    const r = openReservation({ id: 'R', channelId: 'web', orderRef: 'O' }, none, channelPolicy({ allowPartialReservations: true }), T0);
    expect(!r.ok && r.error.code).toBe('insufficient_available');
  });
});

describe('transitionReservation', () => {
  it('confirms into one fulfilment order per node, reserved → allocated', () => {
    const r = transitionReservation(open(), { type: 'confirm', orderId: 'ORD-1' }, T0 + 1000);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.state).toMatchObject({ status: 'confirmed', closedAtMs: T0 + 1000, orderId: 'ORD-1' });
    const fos = r.value.effects.flatMap((e) => (e.kind === 'create_fulfilment_order' ? [e.fulfilmentOrder] : []));
    expect(fos.map((f) => [f.id, f.node, f.status, f.lines])).toEqual([
      [
        'ORD-1/F1',
        'N1',
        'allocated',
        [
          { sku: A, qty: 1, pickedQty: null },
          { sku: B, qty: 4, pickedQty: null },
        ],
      ],
      ['ORD-1/F2', 'N2', 'allocated', [{ sku: A, qty: 2, pickedQty: null }]],
    ]);
    expect(moves(r.value.effects).map((m) => [m.sku, m.from, m.to, m.qty, m.reason])).toEqual([
      [A, { node: N1, bucket: 'reserved' }, { node: N1, bucket: 'allocated' }, 1, 'allocation'],
      [B, { node: N1, bucket: 'reserved' }, { node: N1, bucket: 'allocated' }, 4, 'allocation'],
      [A, { node: N2, bucket: 'reserved' }, { node: N2, bucket: 'allocated' }, 2, 'allocation'],
    ]);
    expect(r.value.effects.at(-1)).toEqual({ kind: 'cancel_reservation_expiry', reservationId: 'R1' });
  });

  it('releases: reserved → available and the timer is cancelled', () => {
    const r = transitionReservation(open(), { type: 'release' }, T0 + 1);
    expect(r.ok && r.value.state.status).toBe('released');
    if (!r.ok) return;
    expect(moves(r.value.effects).every((m) => m.reason === 'reservation_release' && (m.to as { bucket: string }).bucket === 'available')).toBe(true);
    expect(moves(r.value.effects).reduce((s, m) => s + m.qty, 0)).toBe(7);
    expect(r.value.effects.at(-1)).toEqual({ kind: 'cancel_reservation_expiry', reservationId: 'R1' });
  });

  it('expires only at or after expiresAt', () => {
    const early = transitionReservation(open(), { type: 'expire' }, T0 + 899_999);
    expect(!early.ok && early.error.code).toBe('reservation_not_expired');
    const due = transitionReservation(open(), { type: 'expire' }, T0 + 900_000);
    expect(due.ok && due.value.state.status).toBe('expired');
    if (!due.ok) return;
    expect(moves(due.value.effects).every((m) => m.reason === 'reservation_expiry')).toBe(true);
  });

  it('refuses to confirm a hold that lapsed, even before the timer ran', () => {
    const r = transitionReservation(open(), { type: 'confirm', orderId: 'O' }, T0 + 900_000);
    expect(!r.ok && r.error.code).toBe('reservation_expired');
  });

  const events: ReservationEvent[] = [{ type: 'confirm', orderId: 'O' }, { type: 'release' }, { type: 'expire' }];
  const reach = (state: string): Reservation => {
    const ev = events.find((e) => ({ confirm: 'confirmed', release: 'released', expire: 'expired' })[e.type] === state);
    if (ev === undefined) return open();
    const r = transitionReservation(open(), ev, ev.type === 'expire' ? T0 + 900_000 : T0 + 1);
    if (!r.ok) throw new Error(`cannot reach ${state}`);
    return r.value.state;
  };
  const codes = { confirmed: 'reservation_already_confirmed', released: 'reservation_already_released', expired: 'reservation_expired' } as const;

  for (const state of RESERVATION_STATES) {
    for (const event of events) {
      const legal = (RESERVATION_TRANSITIONS[state] as readonly string[]).length > 0;
      it(`${state} + ${event.type} is ${legal ? 'legal' : `refused (${codes[state as keyof typeof codes]})`}`, () => {
        const before = reach(state);
        const snapshot = structuredClone(before);
        const now = event.type === 'expire' ? T0 + 900_000 : T0 + 2;
        const r = transitionReservation(before, event, now);
        expect(r.ok).toBe(legal);
        if (!r.ok) {
          expect(r.error.code).toBe(codes[state as keyof typeof codes]);
          expect(before).toEqual(snapshot); // nothing was touched
        }
      });
    }
  }
});
