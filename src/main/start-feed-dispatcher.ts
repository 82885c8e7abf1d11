import type { Logger } from 'pino';
import { openCasesOnDeadPushes } from '../app/cases/dead-delivery-cases.ts';
import type { CasePolicySource } from '../app/cases/open-case.ts';
import { OutboxDispatcher } from '../app/dispatch-outbox.ts';
import { loadFeedConfig } from '../app/load-feed-config.ts';
import { observeDeliveries } from '../app/outbox/observe-deliveries.ts';
import { runDispatcherLoop, waitOrAbort } from '../app/outbox/run-dispatcher-loop.ts';
import type { ServeOptions } from '../cli/cli-context.ts';
import { CliError } from '../cli/cli-error.ts';
import type { ServiceMetrics } from '../http/service-metrics.ts';
import type { ChannelFeedConfig } from '../ports/channel-connector.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { buildChannelConnectors } from './build-channel-connectors.ts';

/** How often an idle dispatcher looks for due rows: the floor of push latency when the outbox is quiet. */
const DISPATCHER_IDLE_MS = 50;

/**
 * The feeds of `serve`: none without a feeds file (no channel has a feed, nothing is enqueued or
 * pushed); a file that cannot be read or validated, or names an unset environment variable, stops
 * the server with a message naming the path and the field.
 */
export async function loadServeFeeds(
  options: ServeOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ReadonlyMap<string, ChannelFeedConfig>> {
  if (!options.feedsFile) return new Map();
  const loaded = await loadFeedConfig(options.feedsFile, env);
  if (!loaded.ok)
    throw new CliError(
      loaded.error,
      'fix the field named (secrets belong in the environment variables the file names), or start without --feeds and OMNISTOCK_FEEDS',
    );
  return loaded.value;
}

/** A running dispatcher loop; `stop` aborts it and waits for the tick in progress to finish. */
export type RunningDispatcher = { stop(): Promise<void> };

/**
 * Starts the outbox dispatcher loop of `serve` (docs/channel-feeds.md §2), with each delivery's
 * latency observed by the push latency histogram. With no feeds it still runs: rows of channels
 * without a feed (written before a feed was removed) become visible dead letters instead of
 * waiting forever.
 */
export function startFeedDispatcher(
  deps: { store: Store; clock: Clock; metrics: ServiceMetrics; logger: Logger; policies?: CasePolicySource },
  feeds: ReadonlyMap<string, ChannelFeedConfig>,
): RunningDispatcher {
  const observed = observeDeliveries(deps.store.outbox, ({ channel, latencyMs }) => deps.metrics.observePushLatency(channel, latencyMs));
  // A row gone dead opens a channel_push_failed case (docs/cases.md).
  const outbox =
    deps.policies === undefined ? observed : openCasesOnDeadPushes(observed, { cases: deps.store.cases, clock: deps.clock, policies: deps.policies });
  const dispatcher = new OutboxDispatcher({ outbox, connectors: buildChannelConnectors(feeds, deps.clock), clock: deps.clock, random: Math.random });
  const abort = new AbortController();
  const loop = runDispatcherLoop(dispatcher, {
    idleMs: DISPATCHER_IDLE_MS,
    signal: abort.signal,
    wait: waitOrAbort,
    onTick: (outcome) => {
      if ('error' in outcome) deps.logger.error({ err: outcome.error }, 'outbox dispatcher tick failed; retrying');
      else if (outcome.summary.dead > 0) deps.logger.warn(outcome.summary, 'outbox rows dead-lettered (GET /v1/outbox?status=dead)');
    },
  });
  deps.logger.info({ channels: [...feeds.keys()] }, 'outbox dispatcher started');
  return {
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}
