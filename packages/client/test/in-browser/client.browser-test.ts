import { expect, inject, it } from "vitest";
import { publish, subscribe } from "../../src/index.ts";

const url = inject("hubUrl");

/** The first update of `subscription` after `action` ran once it opened, or a failure after 10 s. */
async function firstUpdateAfter<T>(
  subscription: AsyncIterable<T> & { on(event: "open", listener: () => void): () => void },
  action: () => Promise<unknown>,
): Promise<T | undefined> {
  const opened = new Promise<void>((resolve) => subscription.on("open", () => resolve()));
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out waiting for the update")), 10_000);
  });
  try {
    const next = iterator.next();
    await Promise.race([opened, late]);
    await action();
    return (await Promise.race([next, late])).value;
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
}

it("runs inside Chromium, not in Node", () => {
  expect(navigator.userAgent).toMatch(/Chrome\//);
  expect(typeof document.createElement).toBe("function");
});

it("subscribes over the page's fetch and receives what it publishes cross-origin, JSON decoded", async () => {
  const subscription = subscribe(url, { topics: "urn:in-browser", json: true });
  let id = "";
  const update = await firstUpdateAfter(subscription, async () => {
    id = await publish(
      url,
      { topics: "urn:in-browser", data: { from: "browser mode" } },
      { token: "browser" },
    );
  });
  expect(update?.id).toBe(id);
  expect(update?.json).toStrictEqual({ from: "browser mode" });
});

it("multi-byte characters arrive whole through the browser's streaming decoder", async () => {
  const subscription = subscribe(url, { topics: "urn:in-browser:text" });
  const data = "é€😀 ".repeat(2_000);
  const update = await firstUpdateAfter(subscription, () =>
    publish(url, { topics: "urn:in-browser:text", data }, { token: "browser" }),
  );
  expect(update?.data).toBe(data);
});
