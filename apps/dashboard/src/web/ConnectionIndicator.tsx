import { type Accessor, type JSX, Show } from "solid-js";
import type { ConnectionState } from "./create-hub-feed.ts";

const LABELS: Record<ConnectionState | "offline", string> = {
  connecting: "Connecting…",
  open: "Live",
  reconnecting: "Reconnecting…",
  closed: "Closed",
  offline: "Offline",
};

/** The connection's state as text and as `data-state`, and the client's reason when it is not live. */
export function ConnectionIndicator(props: {
  state: Accessor<ConnectionState>;
  online: Accessor<boolean>;
  reason: Accessor<string | undefined>;
}): JSX.Element {
  const shown = (): ConnectionState | "offline" => (props.online() ? props.state() : "offline");
  return (
    <div class="connection" data-testid="connection-state" data-state={shown()} role="status">
      <span class="connection-dot" aria-hidden="true" />
      <span class="connection-label">{LABELS[shown()]}</span>
      <Show when={shown() !== "open" && props.reason()}>
        {(reason) => <span class="connection-reason">{reason()}</span>}
      </Show>
    </div>
  );
}
