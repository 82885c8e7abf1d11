import type { Store } from '../../ports/store.ts';
import type { ConfirmReservation } from '../confirm-reservation.ts';
import type { EventIngestor } from '../ingest-events.ts';
import type { PlaceOrder } from '../place-order.ts';
import type { PolicyHolder } from '../policy-holder.ts';
import type { ReserveStock } from '../reserve-stock.ts';

/** A clock the simulator moves by hand: simulated time, no sleeping. */
export type SettableClock = { now(): number; set(ms: number): void };

/**
 * The real engine as the simulator drives it: a scratch store and the same write side as the
 * server (src/main/ledger-runtime.ts), on a clock the runner advances. src/main builds it, so
 * this use case never picks an adapter; each run gets its own empty store.
 */
export type SimulationEngine = {
  readonly store: Store;
  readonly clock: SettableClock;
  readonly policies: PolicyHolder;
  readonly ingestor: Pick<EventIngestor, 'ingest'>;
  readonly orders: {
    readonly place: Pick<PlaceOrder, 'place'>;
    readonly reserve: Pick<ReserveStock, 'reserve'>;
    readonly confirm: Pick<ConfirmReservation, 'confirm'>;
  };
  /** Rebuilds the channel-availability projection after master data or policy changed. */
  rebuildIfInputsChanged(): Promise<boolean>;
  /** Closes the store and deletes its files. */
  dispose(): Promise<void>;
};

/** Opens a fresh engine whose clock starts at `startMs`. */
export type OpenSimulationEngine = (startMs: number) => Promise<SimulationEngine>;
