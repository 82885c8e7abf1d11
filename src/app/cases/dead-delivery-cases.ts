import { caseKeys } from '../../core/cases/case-draft.ts';
import type { CaseRepository } from '../../ports/case-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ErpDocumentRepository } from '../../ports/erp-documents.ts';
import type { OutboxRepository } from '../../ports/outbox.ts';
import { forwarding } from './forwarding-proxy.ts';
import { type CasePolicySource, openCase } from './open-case.ts';

type CaseDeps = { readonly cases: CaseRepository; readonly clock: Clock; readonly policies: CasePolicySource };

/**
 * The outbound triggers, as decorators of the repositories the dispatchers record outcomes on
 * (like `observeDeliveries`): once a row is marked dead, a case is opened through `store.cases`
 * (its own transaction: the dispatchers run outside the ledger). A channel push gone dead is a
 * `channel_push_failed` case per channel; an ERP document gone dead a `failed_integration` case
 * per document type. Each further dead row adds an occurrence with the latest error.
 *
 * The row is dead before the case is written: a crash in between loses the case, never the
 * dead letter, which stays visible in `GET /v1/outbox?status=dead` and `GET /v1/erp/documents`.
 */
export function openCasesOnDeadPushes(outbox: OutboxRepository, deps: CaseDeps): OutboxRepository {
  return forwarding(outbox, {
    markDead: async (id: number, error: string) => {
      await outbox.markDead(id, error);
      const row = await outbox.get(id);
      if (row === undefined) return;
      await openCase(
        deps.cases,
        deps.policies,
        {
          type: 'channel_push_failed',
          dedupeKey: caseKeys.channelPushDead(row.channel),
          severity: 'high',
          sku: row.sku,
          node: null,
          orderId: null,
          details: { channel: row.channel, outboxId: id, sku: row.sku, error },
          unitsAtRisk: null,
        },
        deps.clock.now(),
      );
    },
  });
}

/** ERP documents gone dead become `failed_integration` cases, one per document type (see above). */
export function openCasesOnDeadErpDocuments(documents: ErpDocumentRepository, deps: CaseDeps): ErpDocumentRepository {
  return forwarding(documents, {
    markDead: async (id: number, error: string) => {
      await documents.markDead(id, error);
      const doc = await documents.get(id);
      if (doc === undefined) return;
      await openCase(
        deps.cases,
        deps.policies,
        {
          type: 'failed_integration',
          dedupeKey: caseKeys.erpDocumentDead(doc.type),
          severity: 'high',
          sku: null,
          node: null,
          orderId: null,
          details: { direction: 'outbound', target: 'erp', documentId: id, documentType: doc.type, idempotencyKey: doc.idempotencyKey, error },
          unitsAtRisk: null,
        },
        deps.clock.now(),
      );
    },
  });
}
