import { randomFillSync } from 'node:crypto';

/** Random bytes drawn per refill: one syscall serves 256 ids. */
const POOL_BYTES = 10 * 256;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * A UUID version 7 (RFC 9562): 48 bits of epoch milliseconds, then 74 random bits. Ids of
 * reservations and orders are primary keys of B-trees (SQLite `without rowid` tables, PostgreSQL
 * indexes): a random UUID lands each insert on a random leaf page, so a group commit of a hundred
 * reservations dirtied a hundred pages per table and the WAL grew by megabytes; time-ordered ids
 * append to the rightmost leaf. The random part keeps them unguessable and unique across processes.
 *
 * @example
 * timeOrderedUuid(Date.now()); // '019a1f6e-8c2b-7d41-9e3a-5b7c2d1e0f4a'
 */
export function timeOrderedUuid(nowMs: number): string {
  if (poolOffset + 10 > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  pool.copy(bytes, 6, poolOffset, poolOffset + 10);
  poolOffset += 10;
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
