import type { NewOutboxMessage } from '../ports/outbox.ts';
import type { OnAvailabilityChanged } from './project-channel-availability.ts';

/**
 * The transactional outbox's producer: for every channel-availability row whose units changed in
 * the ledger transaction, on a channel that has a feed, one outbox row in that same transaction.
 * Channels without a feed get no rows (nothing would ever deliver them). Older pending rows of the
 * same channel and SKU are coalesced by the dispatcher, so only the newest value is sent.
 */
export function enqueueChannelPushes(feedChannels: ReadonlySet<string>): OnAvailabilityChanged {
  return async (tx, changes, nowMs) => {
    const messages: NewOutboxMessage[] = [];
    for (const { row, previousUnits, causedAtMs } of changes) {
      if (!feedChannels.has(row.channel) || previousUnits === row.units) continue;
      messages.push({ kind: 'channel_availability', channel: row.channel, sku: row.sku, payload: { available: row.units }, causedAtMs, createdAtMs: nowMs });
    }
    await tx.enqueueOutbox(messages);
  };
}
