import type { Selectable } from 'kysely';
import type { ChannelAvailabilityDetail, ChannelAvailabilityRow, StoredChannelAvailability } from '../../ports/store.ts';
import type { Tables } from './tables.ts';

/** The one mapper between `channel_availability` rows and the port type, for both databases. */
export const toChannelAvailabilityRow = (r: Selectable<Tables['channel_availability']>): ChannelAvailabilityRow => ({
  channel: r.channel,
  sku: r.sku,
  units: Number(r.units),
  paused: Number(r.paused) === 1,
  detail: JSON.parse(r.detail) as ChannelAvailabilityDetail,
  updatedAtMs: Number(r.updated_at),
});

/** The projector's view of a stored row: the detail stays text, compared as written (parsing it would cost more than the rest of the row). */
export const toStoredChannelAvailability = (
  r: Pick<Tables['channel_availability'], 'channel' | 'sku' | 'units' | 'paused' | 'detail'>,
): StoredChannelAvailability => ({
  channel: r.channel,
  sku: r.sku,
  units: Number(r.units),
  paused: Number(r.paused) === 1,
  detailJson: r.detail,
});

export const fromChannelAvailabilityRow = (r: ChannelAvailabilityRow): Tables['channel_availability'] => ({
  channel: r.channel,
  sku: r.sku,
  units: r.units,
  paused: r.paused ? 1 : 0,
  detail: r.detailJson ?? JSON.stringify(r.detail),
  updated_at: r.updatedAtMs,
});
