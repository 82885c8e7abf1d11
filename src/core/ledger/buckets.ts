import type { NodeId } from '../ids.ts';

/**
 * Buckets hold units at a node (ARCHITECTURE §1). All but `inbound` are physical: their sum is
 * on-hand. `available` may go negative: more promised than exists, which opens a case.
 */
export const BUCKETS = ['available', 'reserved', 'allocated', 'quarantine', 'refurbish', 'damaged', 'inbound'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Buckets counted in on-hand (every bucket but `inbound`). */
export const PHYSICAL_BUCKETS = ['available', 'reserved', 'allocated', 'quarantine', 'refurbish', 'damaged'] as const satisfies readonly Bucket[];

/** Sellable units on the shelf: what a cycle count counts (reserved and allocated are not picked yet). */
export const SELLABLE_BUCKETS = ['available', 'reserved', 'allocated'] as const satisfies readonly Bucket[];

/** Outside-world accounts: the other side of every movement that crosses the boundary. */
export const ACCOUNTS = ['supplier', 'customer', 'shrink', 'vendor_return', 'disposed'] as const;
export type Account = (typeof ACCOUNTS)[number];

/** One side of a movement: a bucket at a node, or an outside-world account. */
export type Side = { readonly node: NodeId; readonly bucket: Bucket } | { readonly account: Account };

export const at = (node: NodeId, bucket: Bucket): Side => ({ node, bucket });
export const account = (name: Account): Side => ({ account: name });

export const isBucketSide = (side: Side): side is Extract<Side, { bucket: Bucket }> => 'bucket' in side;

export const isBucket = (value: string): value is Bucket => (BUCKETS as readonly string[]).includes(value);
export const isAccount = (value: string): value is Account => (ACCOUNTS as readonly string[]).includes(value);
