import type { Broker } from "../../src/core/broker.ts";
import { createMemoryBroker } from "../../src/core/memory-broker.ts";

/**
 * A memory broker whose history and retained reads wait until `release()`, so that a test can publish while a
 * subscriber's prelude is being read.
 */
export function gatedBroker(): { broker: Broker; release(): void } {
  const inner = createMemoryBroker();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const broker: Broker = {
    ...inner,
    readSince: async (id) => {
      await gate;
      return inner.readSince(id);
    },
    retained: async () => {
      await gate;
      return inner.retained();
    },
  };
  return { broker, release: () => release() };
}
