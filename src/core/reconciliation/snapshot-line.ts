import { z } from 'zod';
import { asChannelId, asNodeId, asSku, type ChannelId, ID_PATTERN, type NodeId, type Sku } from '../ids.ts';
import { BUCKETS } from '../ledger/buckets.ts';
import { limits } from '../limits.ts';
import { err, ok, type Result } from '../result.ts';

/** What a snapshot line counts: on-hand (the default: every physical bucket) or one bucket. */
export const SNAPSHOT_BUCKETS = ['on_hand', ...BUCKETS] as const;
export type SnapshotBucket = (typeof SNAPSHOT_BUCKETS)[number];

/** Where a line's units are: a node, or a channel (compared with the channel's availability). */
export type SnapshotTarget = { readonly kind: 'node'; readonly node: NodeId } | { readonly kind: 'channel'; readonly channel: ChannelId };

/** A validated snapshot line. `bucket` is null for a channel line (a channel has no buckets). */
export type SnapshotLine = {
  /** 1-based line number in the file or index + 1 in the JSON body, for reports. */
  readonly line: number;
  readonly sku: Sku;
  readonly target: SnapshotTarget;
  readonly bucket: SnapshotBucket | null;
  readonly qty: number;
};

/** A row as the shell read it: a parsed record, or a row the CSV parser could not read. */
export type RawSnapshotRow = { readonly line: number; readonly value: unknown } | { readonly line: number; readonly parseError: string };

/** Why a line was rejected. Each is reported with its line number; none stops the other lines (unless strict). */
export const SNAPSHOT_LINE_ERRORS = [
  'bad_row',
  'negative_quantity',
  'unknown_sku',
  'unknown_node',
  'unknown_channel',
  'duplicate_line',
  'too_many_lines',
] as const;
export type SnapshotLineErrorCode = (typeof SNAPSHOT_LINE_ERRORS)[number];
export type SnapshotLineError = { readonly line: number; readonly code: SnapshotLineErrorCode; readonly message: string; readonly field?: string };

/** Master data the validation checks against; the shell answers from its caches. */
export type KnownMasterData = {
  hasSku(sku: string): boolean;
  hasNode(node: string): boolean;
  hasChannel(channel: string): boolean;
};

const id = z.string().trim().min(1).max(limits.idLengthMax).regex(ID_PATTERN, 'ids may contain letters, digits and . _ : - only');
/** CSV cells are text: an integer or an integer string; an empty cell is absent. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const integer = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().min(-limits.qtyMax).max(limits.qtyMax),
);
const rowSchema = z
  .object({
    sku: id,
    node: z.preprocess(blankToUndefined, id.optional()),
    channel: z.preprocess(blankToUndefined, id.optional()),
    qty: integer,
    bucket: z.preprocess(blankToUndefined, z.enum(SNAPSHOT_BUCKETS).optional()),
  })
  .refine((r) => (r.node === undefined) !== (r.channel === undefined), { message: 'a line names either node or channel', path: ['node'] })
  .refine((r) => r.channel === undefined || r.bucket === undefined, { message: 'a channel line has no bucket', path: ['bucket'] });

const fail = (line: number, code: SnapshotLineErrorCode, message: string, field?: string): SnapshotLineError =>
  field === undefined ? { line, code, message } : { line, code, message, field };

/**
 * Validates one snapshot row: its shape (`bad_row`, naming the field), then a negative quantity,
 * then the SKU and the node or channel against master data. Extra columns are ignored (ERP exports
 * carry descriptions and such).
 *
 * @example validateSnapshotRow({ line: 2, value: { sku: 'A', node: 'S1', qty: '4' } }, known) // ok: on_hand, qty 4
 */
export function validateSnapshotRow(row: RawSnapshotRow, known: KnownMasterData): Result<SnapshotLine, SnapshotLineError> {
  if ('parseError' in row) return err(fail(row.line, 'bad_row', row.parseError));
  const parsed = rowSchema.safeParse(row.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || undefined;
    return err(fail(row.line, 'bad_row', `line ${row.line}: ${field ? `${field}: ` : ''}${issue?.message ?? 'not a snapshot line'}`, field));
  }
  const r = parsed.data;
  if (r.qty < 0) return err(fail(row.line, 'negative_quantity', `line ${row.line}: qty must not be negative, got ${r.qty}`, 'qty'));
  if (!known.hasSku(r.sku)) return err(fail(row.line, 'unknown_sku', `line ${row.line}: unknown sku ${r.sku}`, 'sku'));
  if (r.node !== undefined) {
    if (!known.hasNode(r.node)) return err(fail(row.line, 'unknown_node', `line ${row.line}: unknown node ${r.node}`, 'node'));
    return ok({ line: row.line, sku: asSku(r.sku), target: { kind: 'node', node: asNodeId(r.node) }, bucket: r.bucket ?? 'on_hand', qty: r.qty });
  }
  const channel = r.channel ?? '';
  if (!known.hasChannel(channel)) return err(fail(row.line, 'unknown_channel', `line ${row.line}: unknown channel ${channel}`, 'channel'));
  return ok({ line: row.line, sku: asSku(r.sku), target: { kind: 'channel', channel: asChannelId(channel) }, bucket: null, qty: r.qty });
}

/** The identity of a compared position: a second line with the same one is a duplicate. */
export const snapshotLineKey = (l: Pick<SnapshotLine, 'sku' | 'target' | 'bucket'>): string =>
  `${l.sku}\u0000${l.target.kind === 'node' ? `node:${l.target.node}` : `channel:${l.target.channel}`}\u0000${l.bucket ?? ''}`;
