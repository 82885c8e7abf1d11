import type { Logger } from 'pino';
import { SapS4Connector } from '../adapters/erp-sap-s4/sap-s4-connector.ts';
import { ErpWebhookConnector } from '../adapters/erp-webhook/erp-webhook-connector.ts';
import { openCasesOnDeadErpDocuments } from '../app/cases/dead-delivery-cases.ts';
import type { CasePolicySource } from '../app/cases/open-case.ts';
import { ErpDocumentDispatcher } from '../app/dispatch-erp-documents.ts';
import { loadErpConfig } from '../app/erp-config.ts';
import { waitOrAbort } from '../app/outbox/run-dispatcher-loop.ts';
import { CliError } from '../cli/cli-error.ts';
import type { Clock } from '../ports/clock.ts';
import type { ErpConnector, ErpConnectorConfig } from '../ports/erp-connector.ts';
import type { Store } from '../ports/store.ts';

/** Idle poll of the ERP dispatcher: ERP posting is not latency-critical, a second is plenty. */
const ERP_DISPATCHER_IDLE_MS = 1_000;

/** The connector named by the ERP file. */
export function buildErpConnector(config: ErpConnectorConfig, clock: Clock): ErpConnector {
  return config.type === 'webhook' ? new ErpWebhookConnector(config, clock) : new SapS4Connector(config, clock);
}

/**
 * The ERP file of `serve` (`--erp` or `OMNISTOCK_ERP`): none means documents are still written
 * (and exportable with `omnistock export erp`) but not delivered. A file that is wrong stops the
 * server with the path and the fields at fault.
 */
export async function loadServeErp(erpFile: string | null | undefined, env: Readonly<Record<string, string | undefined>>): Promise<ErpConnectorConfig | null> {
  if (!erpFile) return null;
  const loaded = await loadErpConfig(erpFile, env);
  if (!loaded.ok)
    throw new CliError(
      loaded.error,
      'fix the field named (secrets belong in the environment variables the file names), or start without --erp and OMNISTOCK_ERP',
    );
  return loaded.value;
}

/**
 * Runs the ERP dispatcher until `stop` (docs/erp-documents.md §3): back to back while documents
 * are claimed, every second when idle or after a failed tick (rows it had claimed come back when
 * their lease runs out). `stop` waits for the tick in progress.
 */
export function startErpDispatcher(
  deps: { store: Store; clock: Clock; logger: Logger; policies?: CasePolicySource },
  config: ErpConnectorConfig,
): { stop(): Promise<void> } {
  const dispatcher = new ErpDocumentDispatcher({
    // A document gone dead opens a failed_integration case (docs/cases.md).
    documents:
      deps.policies === undefined
        ? deps.store.erpDocuments
        : openCasesOnDeadErpDocuments(deps.store.erpDocuments, { cases: deps.store.cases, clock: deps.clock, policies: deps.policies }),
    connector: buildErpConnector(config, deps.clock),
    rateLimit: config.rateLimit,
    clock: deps.clock,
    random: Math.random,
  });
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      let busy = false;
      try {
        const summary = await dispatcher.tick();
        busy = summary.claimed > 0;
        if (summary.dead > 0) deps.logger.warn(summary, 'ERP documents dead-lettered (GET /v1/erp/documents?status=dead)');
      } catch (error) {
        deps.logger.error({ err: error }, 'ERP dispatcher tick failed; retrying');
      }
      if (!busy) await waitOrAbort(ERP_DISPATCHER_IDLE_MS, abort.signal);
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
