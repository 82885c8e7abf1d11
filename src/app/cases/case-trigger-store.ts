import type { IngestTransaction, Store } from '../../ports/store.ts';
import { forwarding } from './forwarding-proxy.ts';
import { openInboundDeadLetterCases } from './inbound-dead-letter-cases.ts';
import type { CasePolicySource } from './open-case.ts';
import { openStockMismatchCases } from './stock-mismatch-cases.ts';

/**
 * The store the ledger writer runs on, with case triggers hooked on two writes of its
 * transactions: `writeChanges` (a count's variance → `stock_mismatch`) and `writeDeadLetters`
 * (an inbound event refused → `failed_integration`). The hooks run in the same transaction, right
 * after the write they observe, so a case exists iff its cause committed. A hook on the write
 * rather than an after-step because after-steps see movements only: neither a count record nor
 * a dead letter is one.
 *
 * Every other member forwards to `store` and the transaction (a Proxy, bound, like
 * `MovementRecorder`: adapter classes keep their private fields and `this`).
 */
export function withCaseTriggers(store: Store, policies: CasePolicySource): Store {
  return forwarding(store, {
    ingestTransaction: <T>(work: (tx: IngestTransaction) => Promise<T>) => store.ingestTransaction((inner) => work(observed(inner, policies))),
  });
}

function observed(inner: IngestTransaction, policies: CasePolicySource): IngestTransaction {
  return forwarding(inner, {
    writeChanges: async (...args: Parameters<IngestTransaction['writeChanges']>) => {
      await inner.writeChanges(...args);
      await openStockMismatchCases(inner, policies, args[0], args[1]);
    },
    writeDeadLetters: async (...args: Parameters<IngestTransaction['writeDeadLetters']>) => {
      const ids = await inner.writeDeadLetters(...args);
      await openInboundDeadLetterCases(inner, policies, args[0], args[1]);
      return ids;
    },
  });
}
