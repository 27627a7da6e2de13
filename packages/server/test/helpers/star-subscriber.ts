// A `*` subscriber that may read private updates, checked against what the hub accepted: for property tests.
import { createParser, type ParsedEvent } from "@ssehub/protocol";
import type { Hub } from "../../src/types.ts";
import { waitFor } from "./runtime.ts";

const MARKERS = new Set(["ssehub-ready", "ssehub-gap"]);
// Every line the hub may send: a field it writes, or a comment. Anything else is a line break out of place.
const FIELD_LINE = /^(?:|data:.*|id:.*|event:.*|retry: ?\d+|:.*)$/;

export interface StarSubscriber {
  /** Update ids received, in order. */
  ids(): string[];
  /** Waits until exactly `accepted` arrived, then checks the order and every line of the wire text. */
  verify(accepted: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens `?topic=*` with `headers` through `fetch` (in process: `hub.fetch`; or a real socket's `fetch`). */
export async function openStarSubscriber(
  fetch: (request: Request) => Promise<Response>,
  endpoint: string,
  headers: Record<string, string>,
): Promise<StarSubscriber> {
  const response = await fetch(new Request(`${endpoint}?topic=*`, { headers }));
  if (response.status !== 200 || response.body === null) throw new Error(`subscribe: ${response.status}`);
  const events: ParsedEvent[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const decoder = new TextDecoder();
  let text = "";
  const reader = response.body.getReader();
  const reading = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
        parser.feed(value);
      }
    } catch {
      // Cancelled by close().
    }
  })();
  const ids = () => events.filter((event) => !MARKERS.has(event.type)).map((event) => event.lastEventId);
  return {
    ids,
    async verify(accepted) {
      await waitFor(
        () => ids().length >= accepted.length,
        `${accepted.length} accepted updates (have ${ids().length})`,
        10_000,
      );
      if (ids().length !== accepted.length || ids().some((id, i) => id !== accepted[i])) {
        throw new Error(`the subscriber saw ${JSON.stringify(ids())}, accepted ${JSON.stringify(accepted)}`);
      }
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      const stray = complete.split("\n").find((line) => line.includes("\r") || !FIELD_LINE.test(line));
      if (stray !== undefined) throw new Error(`a line out of place on the wire: ${JSON.stringify(stray)}`);
    },
    async close() {
      await reader.cancel();
      await reading;
    },
  };
}

/** Waits until the hub holds `count` subscribers again. */
export function waitForConnections(hub: Hub, count: number): Promise<void> {
  return waitFor(
    () => hub.stats().connections === count,
    `${count} connections (have ${hub.stats().connections})`,
    2000,
  );
}
