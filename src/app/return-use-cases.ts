import type { Store } from '../ports/store.ts';
import { DisposeReturn } from './dispose-return.ts';
import { InspectReturn } from './inspect-return.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import { OpenReturn } from './open-return.ts';
import { ReceiveReturn } from './receive-return.ts';
import type { Policies } from './return-step-runner.ts';

/** The returns process API's use cases (docs/returns.md), all on the process's one ledger writer. */
export type ReturnUseCases = {
  readonly open: OpenReturn;
  readonly receive: ReceiveReturn;
  readonly inspect: InspectReturn;
  readonly dispose: DisposeReturn;
};

/** Builds the returns use cases around the ledger writer the composition root made. */
export function createReturnUseCases(store: Store, writer: LedgerWriter, policies: Policies): ReturnUseCases {
  return {
    open: new OpenReturn(store, writer),
    receive: new ReceiveReturn(writer, policies),
    inspect: new InspectReturn(writer, policies),
    dispose: new DisposeReturn(writer, policies),
  };
}
