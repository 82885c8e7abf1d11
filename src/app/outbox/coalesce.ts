import type { OutboxMessage } from '../../ports/outbox.ts';

/**
 * Coalescing: of several claimed rows for one (channel, sku), only the newest (highest id) is
 * sent; the rest are returned as `older`, to be superseded. Availability is an absolute value,
 * so the newest row alone carries everything the channel needs.
 */
export function newestPerKey(claimed: readonly OutboxMessage[]): { newest: OutboxMessage[]; older: OutboxMessage[] } {
  const byKey = new Map<string, OutboxMessage>();
  const older: OutboxMessage[] = [];
  for (const row of claimed) {
    const key = `${row.channel}\u0000${row.sku}`;
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, row);
    else if (row.id > seen.id) {
      older.push(seen);
      byKey.set(key, row);
    } else older.push(row);
  }
  return { newest: [...byKey.values()].sort((a, b) => a.id - b.id), older };
}

/** Rows grouped by channel, each group in id order. */
export function byChannel(rows: readonly OutboxMessage[]): Map<string, OutboxMessage[]> {
  const groups = new Map<string, OutboxMessage[]>();
  for (const row of rows) {
    const group = groups.get(row.channel);
    if (group) group.push(row);
    else groups.set(row.channel, [row]);
  }
  return groups;
}

/** Consecutive chunks of at most `size` items. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
