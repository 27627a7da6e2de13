import { type Accessor, createSignal, onCleanup } from "solid-js";
import { createStore, produce } from "solid-js/store";
import type { ClientError } from "../errors.ts";
import type { SubscribeOptions } from "../options.ts";
import type { SubscriptionState } from "../state.ts";
import type { Subscription } from "../subscription.ts";
import { subscribe } from "../subscription.ts";
import type { ClientUpdate, EventMap } from "../update.ts";

/** Options of {@link createSubscription}: those of `subscribe`, plus how many updates to keep. */
export type CreateSubscriptionOptions<Events extends EventMap = EventMap> = SubscribeOptions<Events> & {
  /** Updates kept in `updates` (oldest dropped first). Default 100. */
  keep?: number;
};

/** The reactive view of a subscription. */
export interface SubscriptionResource<Events extends EventMap = EventMap> {
  /** The newest update, undefined until one arrives. */
  latest: Accessor<ClientUpdate<Events> | undefined>;
  /** A Solid store: the last `keep` updates, oldest first. */
  updates: ClientUpdate<Events>[];
  state: Accessor<SubscriptionState>;
  /** The last error (transient or fatal), cleared when a connection opens; `.code` is an ErrorCode. */
  error: Accessor<ClientError | undefined>;
  subscription: Subscription<Events>;
}

/**
 * Subscribes for the lifetime of the current Solid owner (component or root) and exposes the latest
 * update, the recent updates and the connection state reactively. Closed by the owner's `onCleanup`.
 */
export function createSubscription<Events extends EventMap = EventMap>(
  hubUrl: string | string[],
  options: CreateSubscriptionOptions<Events>,
): SubscriptionResource<Events> {
  const { keep = 100, ...subscribeOptions } = options;
  const subscription = subscribe<Events>(hubUrl, subscribeOptions);
  const [latest, setLatest] = createSignal<ClientUpdate<Events> | undefined>(undefined, { equals: false });
  const [state, setState] = createSignal<SubscriptionState>(subscription.state);
  const [error, setError] = createSignal<ClientError | undefined>(undefined);
  const [updates, setUpdates] = createStore<ClientUpdate<Events>[]>([]);
  subscription.on("update", (update) => {
    setLatest(() => update);
    setUpdates(
      produce((list) => {
        list.push(update);
        if (list.length > keep) list.splice(0, list.length - keep);
      }),
    );
  });
  subscription.on("state", (next) => setState(next));
  subscription.on("error", (next) => setError(() => next));
  subscription.on("open", () => setError(undefined));
  onCleanup(() => subscription.close());
  return { latest, updates, state, error, subscription };
}
