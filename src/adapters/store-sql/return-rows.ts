import type { Selectable } from 'kysely';
import { asNodeId, asSku } from '../../core/ids.ts';
import type { ReturnAuthorisation } from '../../core/returns/return-authorisation.ts';
import type { ReturnHistoryEntry } from '../../core/returns/return-history.ts';
import type { DispositionOutcome, Inspection, ReturnState, ReturnUnit } from '../../core/returns/return-unit.ts';
import type { ReturnTables } from './return-tables.ts';

type Row<T extends keyof ReturnTables> = Selectable<ReturnTables[T]>;

const num = (v: number | null): number | null => (v === null ? null : Number(v));

export const toReturnUnit = (r: Row<'return_unit'>): ReturnUnit => ({
  unitNo: Number(r.unit_no),
  sku: asSku(r.sku),
  serial: r.serial,
  state: r.state as ReturnState,
  inspection: r.inspection === null ? null : (JSON.parse(r.inspection) as Inspection),
  outcome: r.outcome as DispositionOutcome | null,
  receivedAtMs: num(r.received_at),
  restockedAtMs: num(r.restocked_at),
  updatedAtMs: Number(r.updated_at),
});

export const toReturn = (r: Row<'return_authorisation'>, units: readonly Row<'return_unit'>[]): ReturnAuthorisation => ({
  id: r.id,
  orderRef: r.order_ref,
  channelId: r.channel,
  node: asNodeId(r.node),
  reason: r.reason,
  units: units.map(toReturnUnit).sort((a, b) => a.unitNo - b.unitNo),
  createdAtMs: Number(r.created_at),
  receivedAtMs: num(r.received_at),
  restockedAtMs: num(r.restocked_at),
  updatedAtMs: Number(r.updated_at),
});

export const returnRow = (r: ReturnAuthorisation): ReturnTables['return_authorisation'] => ({
  id: r.id,
  order_ref: r.orderRef,
  channel: r.channelId,
  node: r.node,
  reason: r.reason,
  created_at: r.createdAtMs,
  received_at: r.receivedAtMs,
  restocked_at: r.restockedAtMs,
  updated_at: r.updatedAtMs,
});

export const unitRow = (returnId: string, u: ReturnUnit): ReturnTables['return_unit'] => ({
  return_id: returnId,
  unit_no: u.unitNo,
  sku: u.sku,
  serial: u.serial,
  state: u.state,
  inspection: u.inspection === null ? null : JSON.stringify(u.inspection),
  outcome: u.outcome,
  received_at: u.receivedAtMs,
  restocked_at: u.restockedAtMs,
  updated_at: u.updatedAtMs,
});

export const toHistoryEntry = (r: Row<'return_history'>): ReturnHistoryEntry => ({
  atMs: Number(r.at),
  action: r.action as ReturnHistoryEntry['action'],
  unitNo: num(r.unit_no),
  sku: r.sku,
  details: JSON.parse(r.details) as Record<string, unknown>,
});
