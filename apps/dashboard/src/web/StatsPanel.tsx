import { type Accessor, createEffect, For, type JSX, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { StatsPayload } from "../shared/feed.ts";
import type { RateSeries } from "./create-rate-history.ts";
import { RateChart } from "./RateChart.tsx";

const numbers = new Intl.NumberFormat("en");

/** The hub's live figures: subscribers, subscriptions per topic, rates (with their chart) and limits. */
export function StatsPanel(props: {
  stats: Accessor<StatsPayload | undefined>;
  series: Accessor<RateSeries>;
}): JSX.Element {
  const figure = (pick: (stats: StatsPayload) => number): string => {
    const stats = props.stats();
    return stats === undefined ? "–" : numbers.format(pick(stats));
  };
  // A store reconciled by topic: each second only the counts that changed touch the table.
  const [topics, setTopics] = createStore<{ rows: { topic: string; count: number }[] }>({ rows: [] });
  createEffect(() => {
    const byTopic = props.stats()?.subscriptionsByTopic ?? {};
    const rows = Object.entries(byTopic)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([topic, count]) => ({ topic, count }));
    setTopics("rows", reconcile(rows, { key: "topic" }));
  });

  return (
    <section class="card stats" aria-labelledby="stats-title">
      <h2 id="stats-title">Hub</h2>
      <dl class="figures">
        <div>
          <dt>Connected subscribers</dt>
          <dd data-testid="stats-connections">{figure((s) => s.connections)}</dd>
        </div>
        <div>
          <dt>Updates/s</dt>
          <dd data-testid="stats-updates-rate">{figure((s) => s.updatesPerSecond)}</dd>
        </div>
        <div>
          <dt>Deliveries/s</dt>
          <dd data-testid="stats-deliveries-rate">{figure((s) => s.deliveriesPerSecond)}</dd>
        </div>
        <div>
          <dt>Slow-consumer disconnects</dt>
          <dd>{figure((s) => s.slowConsumerDisconnects)}</dd>
        </div>
        <div>
          <dt>History size</dt>
          <dd>{figure((s) => s.historySize)}</dd>
        </div>
        <div>
          <dt>Queued bytes</dt>
          <dd>{figure((s) => s.queuedBytes)}</dd>
        </div>
      </dl>
      <RateChart series={props.series} />
      <h3 id="topics-title">Subscriptions per topic</h3>
      <table class="topics" aria-labelledby="topics-title">
        <thead>
          <tr>
            <th scope="col">Topic selector</th>
            <th scope="col" class="number">
              Subscriptions
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={topics.rows}>
            {(row) => (
              <tr>
                <td class="topic">{row.topic}</td>
                <td class="number">{numbers.format(row.count)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={topics.rows.length === 0}>
        <p class="hint">No subscriptions yet.</p>
      </Show>
    </section>
  );
}
