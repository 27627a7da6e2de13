import { createResource, type JSX, Show } from "solid-js";
import { getPageConfig } from "./api.ts";
import { ConnectionIndicator } from "./ConnectionIndicator.tsx";
import { CounterCard } from "./CounterCard.tsx";
import { createHubFeed } from "./create-hub-feed.ts";
import { createOnline } from "./create-online.ts";
import { createRateHistory } from "./create-rate-history.ts";
import { PublishForm } from "./PublishForm.tsx";
import { StatsPanel } from "./StatsPanel.tsx";
import { UpdateLog } from "./UpdateLog.tsx";

export function App(): JSX.Element {
  const feed = createHubFeed();
  const online = createOnline();
  const series = createRateHistory(feed.stats);
  const [config] = createResource(getPageConfig);

  return (
    <>
      <header class="top">
        <h1>
          ssehub <span class="subtitle">live counter &amp; hub dashboard</span>
        </h1>
        <ConnectionIndicator state={feed.state} online={online} reason={feed.reason} />
      </header>
      <main class="layout">
        <div class="column">
          <CounterCard value={feed.counter} />
          <Show when={config()?.publishForm}>
            <PublishForm />
          </Show>
        </div>
        <div class="column">
          <StatsPanel stats={feed.stats} series={series} />
          <UpdateLog stats={feed.stats} />
        </div>
      </main>
    </>
  );
}
