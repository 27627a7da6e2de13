import { COUNTER_TOPIC, COUNTER_TYPE, type CounterOperation, type CounterPayload } from "../shared/feed.ts";
import { createSerialQueue } from "./serial-queue.ts";
import type { TextStore } from "./text-store.ts";

const FILE_NAME = "counter.json";

/** Publishes one counter value; the hub's `publish` behind it. */
export type PublishCounter = (update: {
  topics: string;
  data: string;
  type: string;
  retain: boolean;
}) => Promise<string>;

export interface Counter {
  /** Applies one operation after all the earlier ones; resolves to the new value once stored and published. */
  apply(operation: CounterOperation): Promise<number>;
}

/**
 * The shared counter: loads the stored value, publishes it as the topic's retained state, then applies
 * operations strictly in arrival order, storing each new value before publishing it.
 */
export async function createCounter(store: TextStore, publish: PublishCounter): Promise<Counter> {
  const queue = createSerialQueue();
  let value = parseStored(await store.read(FILE_NAME));

  const announce = (): Promise<string> => {
    const payload: CounterPayload = { value };
    return publish({
      topics: COUNTER_TOPIC,
      type: COUNTER_TYPE,
      data: JSON.stringify(payload),
      retain: true,
    });
  };
  await announce();

  return {
    apply(operation) {
      return queue.run(async () => {
        const next = nextValue(value, operation);
        await store.write(FILE_NAME, `${JSON.stringify({ value: next })}\n`);
        value = next;
        await announce();
        return next;
      });
    },
  };
}

function nextValue(value: number, operation: CounterOperation): number {
  switch (operation) {
    case "increment":
      return value + 1;
    case "decrement":
      return value - 1;
    case "reset":
      return 0;
  }
}

/** A missing or unreadable file starts the counter at 0 rather than refusing to start. */
function parseStored(text: string | undefined): number {
  if (text === undefined) return 0;
  try {
    const stored: unknown = JSON.parse(text);
    const value = (stored as { value?: unknown } | null)?.value;
    return typeof value === "number" && Number.isSafeInteger(value) ? value : 0;
  } catch {
    return 0;
  }
}
