import { healthAnswer, pageOfAny } from './http-simulation-answers.ts';
import type { OmnistockHttpClient } from './omnistock-http-client.ts';
import { SimulationServerError } from './simulation-server-error.ts';

/** The command that starts a server the simulator may drive: a new database, without the demo retailer. */
export const FRESH_SERVER_COMMAND = 'OMNISTOCK_DATABASE_URL=sqlite:/tmp/sim.sqlite omnistock serve --no-demo';
const CREATE_KEY_COMMAND = 'omnistock keys create --name simulator --scope admin';

/**
 * Checks, before a run, that the server answers, that the key is an admin key (the run loads
 * master data and the policy), and that its ledger is empty: the scenario's opening stock and
 * event ids assume a fresh database, so on a used one receipts would add to old stock and repeated
 * ids would come back `duplicate`, and the outcomes would mean nothing.
 *
 * `GET /v1/dead-letters` is the cheapest read that needs the admin scope; `GET /v1/ledger?limit=1`
 * shows whether any movement (hence any position) exists.
 */
export async function checkSimulationServer(client: OmnistockHttpClient, apiKey: string): Promise<void> {
  const base = client.baseUrl;
  if (apiKey.trim() === '')
    throw new SimulationServerError(`no API key for ${base}: create an admin key with \`${CREATE_KEY_COMMAND}\` and pass it with --api-key`);
  const health = await client.send('GET', '/health');
  if (health.status !== 200 || !healthAnswer.safeParse(health.body).success) {
    throw new SimulationServerError(
      `${base}/health answered ${health.status}: ${base} does not look like an Omnistock server; start one with \`omnistock serve\``,
    );
  }
  const key = await client.send('GET', '/v1/dead-letters', { query: { limit: '1' } });
  if (key.status === 401) {
    throw new SimulationServerError(
      `the API key was refused by ${base} (unknown or revoked): create one with \`${CREATE_KEY_COMMAND}\` ` +
        '(with the server’s OMNISTOCK_DATABASE_URL), or use the bootstrap admin key the server printed at its first start',
    );
  }
  if (key.status === 403) {
    throw new SimulationServerError(
      `the API key is not an admin key on ${base}; the simulator loads master data and the policy, which needs one: create it with \`${CREATE_KEY_COMMAND}\``,
    );
  }
  if (key.status !== 200) throw client.failure('GET', '/v1/dead-letters', key);
  const ledger = await client.expect('GET', '/v1/ledger', 200, pageOfAny, { query: { limit: '1' } });
  if (ledger.items.length > 0) {
    throw new SimulationServerError(
      `${base} already holds stock movements; the scenario's opening stock and event ids assume an empty ledger: ` +
        `start a server on a new database (\`${FRESH_SERVER_COMMAND}\`, after removing /tmp/sim.sqlite* left by an earlier run) and run against that`,
    );
  }
}
