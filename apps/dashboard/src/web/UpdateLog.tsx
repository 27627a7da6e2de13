import { type Accessor, createEffect, createSignal, For, type JSX, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { RecentUpdate, StatsPayload } from "../shared/feed.ts";

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** The hub's recent updates, newest first, filtered by a topic substring. */
export function UpdateLog(props: { stats: Accessor<StatsPayload | undefined> }): JSX.Element {
  const [log, setLog] = createStore<{ updates: RecentUpdate[] }>({ updates: [] });
  const [filter, setFilter] = createSignal("");

  // reconcile keeps the rows that stay, so the list does not redraw itself every second.
  createEffect(() => {
    const recent = props.stats()?.recent;
    if (recent !== undefined) setLog("updates", reconcile([...recent].reverse(), { key: "id" }));
  });

  const shown = (): RecentUpdate[] => {
    const needle = filter().trim().toLowerCase();
    if (needle === "") return log.updates;
    return log.updates.filter((update) =>
      update.topics.some((topic) => topic.toLowerCase().includes(needle)),
    );
  };

  return (
    <section class="card log" aria-labelledby="log-title">
      <h2 id="log-title">Recent updates</h2>
      <label class="field">
        <span>Filter by topic</span>
        <input
          type="search"
          value={filter()}
          onInput={(event) => setFilter(event.currentTarget.value)}
          placeholder="e.g. counter"
          data-testid="log-filter"
        />
      </label>
      {/* Focusable, so the list scrolls from the keyboard too when it overflows. */}
      <ol class="updates" data-testid="update-log" tabindex="0" aria-labelledby="log-title">
        <For each={shown()}>
          {(update) => (
            <li>
              <div class="update-head">
                <time datetime={new Date(update.at).toISOString()}>{clock.format(update.at)}</time>
                <span class="update-type">{update.type}</span>
                <span class="update-topics">{update.topics.join(", ")}</span>
              </div>
              <code class="update-data">
                {update.preview}
                {update.size > update.preview.length ? "…" : ""}
              </code>
            </li>
          )}
        </For>
      </ol>
      <Show when={shown().length === 0}>
        <p class="hint">{filter().trim() === "" ? "No updates yet." : "No update matches this topic."}</p>
      </Show>
    </section>
  );
}
