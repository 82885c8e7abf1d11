import type { FeedRateLimit, RetryableReason } from './channel-connector.ts';
import type { ErpDocumentRecord } from './erp-documents.ts';

/**
 * An ERP connector delivers one document per request (issue 4, docs/erp-documents.md). Expected
 * failures are values, never exceptions; the dispatcher treats an exception as retryable.
 * - `delivered`: the ERP posted it (or already had it: a duplicate key is a success).
 * - `retryable`: nothing known to be posted; later may work (timeout, 5xx, 429, network, CSRF).
 * - `rejected`: the ERP refused the content; retrying the same document cannot help (dead letter).
 * - `malformed`: the reply was not understood; retried a bounded number of times.
 */
export type ErpDeliveryResult =
  | { readonly kind: 'delivered'; readonly erpReference: string | null }
  | { readonly kind: 'retryable'; readonly reason: RetryableReason; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string };

export interface ErpConnector {
  readonly type: ErpConnectorConfig['type'];
  deliver(document: ErpDocumentRecord): Promise<ErpDeliveryResult>;
}

/** Plant and storage location of one Omnistock node in SAP. */
export type SapNodeMapping = { readonly plant: string; readonly storageLocation: string };

/** The signed JSON webhook, as for channel feeds. */
export type ErpWebhookConfig = {
  readonly type: 'webhook';
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly rateLimit: FeedRateLimit;
};

/** SAP S/4HANA `API_MATERIAL_DOCUMENT_SRV` (OData V2). */
export type SapS4Config = {
  readonly type: 'sap-s4';
  /** The service root, e.g. `https://host/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV`. */
  readonly serviceUrl: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs: number;
  readonly rateLimit: FeedRateLimit;
  /** Node id → plant and storage location; a document at an unmapped node is dead-lettered. */
  readonly nodes: Readonly<Record<string, SapNodeMapping>>;
  /** Unit of entry for every quantity (SAP `EntryUnit`), e.g. `EA` or `PC`. */
  readonly entryUnit: string;
  /** Reason for movement per adjustment reason / scrapping (SAP `GoodsMovementReasonCode`), optional. */
  readonly reasonCodes: Readonly<Record<string, string>>;
};

export type ErpConnectorConfig = ErpWebhookConfig | SapS4Config;
