import type { AfterCommands } from '../ledger-writer.ts';
import type { PolicySource } from '../project-channel-availability.ts';
import { confirmProposalOrders } from './confirm-proposal-orders.ts';
import { defaultExpectedAt } from './default-expected-at.ts';
import { projectDemand } from './project-demand.ts';

/**
 * The replenishment LedgerWriter after-step (registered in `createLedgerRuntime`): in the ledger
 * transaction, from its written movements, (1) the daily-demand projection, (2) the default
 * `expectedAt` of announcements that name none, (3) ERP confirmations of approved proposals.
 * It writes no movement, so its place among the after-steps does not matter to the others.
 */
export function replenishmentAfterStep(policies: PolicySource): AfterCommands {
  return async (tx, _touched, nowMs, written) => {
    if (written.length === 0) return;
    await projectDemand(tx, nowMs, written);
    await defaultExpectedAt(tx, policies.current(), written);
    await confirmProposalOrders(tx, nowMs, written);
  };
}
