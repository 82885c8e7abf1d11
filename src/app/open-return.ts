import { randomUUID } from 'node:crypto';
import { type DomainError, domainError } from '../core/errors.ts';
import { asNodeId } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import { openReturn, type ReturnAuthorisation, type ReturnRequestLine } from '../core/returns/return-authorisation.ts';
import type { Store } from '../ports/store.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import { itemFactsOf } from './return-step-runner.ts';

/** `POST /v1/returns`, validated at the boundary. */
export type OpenReturnRequest = {
  readonly orderRef: string;
  readonly channel: string;
  readonly node: string;
  readonly reason: string;
  readonly lines: readonly ReturnRequestLine[];
};

/**
 * `POST /v1/returns`: authorises a return to a receiving node. No movement: the units stay the
 * customer's until the parcel is received. Runs on the ledger writer so the authorisation and its
 * first history entry commit together and the item facts are read on the transaction's connection.
 */
export class OpenReturn {
  constructor(
    private readonly store: Store,
    private readonly writer: LedgerWriter,
  ) {}

  async open(request: OpenReturnRequest): Promise<Result<ReturnAuthorisation, DomainError>> {
    // Master data is read before the command, like the ingestor does: nodes are not deleted.
    if ((await this.store.masterData.getNode(request.node)) === undefined) {
      return err(domainError('unknown_node', `no node ${request.node}; create it with PUT /v1/nodes/{nodeId}`, 'node'));
    }
    const id = `ret_${randomUUID()}`;
    return this.writer.run<Result<ReturnAuthorisation, DomainError>>({
      size: 1,
      run: async ({ tx, nowMs }) => {
        const { channel } = await tx.workflow.sourcingMasterData(request.channel, []);
        if (channel === undefined) return { value: err(domainError('unknown_channel', `no channel ${request.channel}`, 'channel')), keep: false };
        const items = await itemFactsOf(tx, { skus: request.lines.map((l) => l.sku) });
        const input = {
          id,
          orderRef: request.orderRef,
          channelId: request.channel,
          node: asNodeId(request.node),
          reason: request.reason,
          lines: request.lines,
        };
        const opened = openReturn(input, items, nowMs);
        if (!opened.ok) return { value: opened, keep: false };
        await tx.returns.insertReturn(opened.value.state);
        await tx.returns.appendHistory(id, opened.value.history);
        return { value: ok(opened.value.state), keep: true };
      },
    });
  }
}
