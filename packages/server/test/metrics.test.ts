import { describe, expect, it } from "vitest";
import { openRawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const options = { allowAnonymous: true, jwtKey: KEY, maxQueue: 64 * 1024 };
const yieldToIo = () => new Promise((resolve) => setTimeout(resolve, 0));
/** The samples of an exposition text, keyed by name with labels as written, and the TYPE of each name. */
function parseExposition(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    const sample = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (sample) samples.set(sample[1]!, Number(sample[2]));
  }
  return { samples, types };
}

describe(`/metrics after traffic on ${runtimeName}`, () => {
  it("every metric present and moved as the traffic says: refusals, publishes, drafts, bytes, a slow consumer", async () => {
    await withHub(options, async ({ url, endpoint, hub }) => {
      const draft7 = await openStream(`${endpoint}?topic=a`);
      const draft8 = await openStream(`${endpoint}?match=a`);
      await draft7.waitForEvent("ssehub-ready");
      await draft8.waitForEvent("ssehub-ready");

      const publisher = bearer(await token07({ publish: ["*"] }));
      const publishes = 3;
      const data = "d".repeat(1000);
      for (let i = 0; i < publishes; i++) {
        const response = await postForm(
          endpoint,
          [
            ["topic", "a"],
            ["data", data],
          ],
          publisher,
        );
        expect(response.status).toBe(200);
      }
      await draft7.waitForUpdates(publishes);
      await draft8.waitForUpdates(publishes);

      // Each refusal's label is the code of its JSON body.
      const refusals = [
        await postForm(endpoint, [
          ["topic", "a"],
          ["data", "x"],
        ]),
        await postForm(endpoint, [["data", "x"]], publisher),
        await postForm(endpoint, [["data", "x"]], publisher),
      ];
      const noTopic = await fetch(endpoint);
      const nowhere = await fetch(`${url}/nowhere`);
      const expected = new Map<string, number>();
      for (const { status, body } of [
        ...refusals,
        { status: noTopic.status, body: await noTopic.text() },
        { status: nowhere.status, body: await nowhere.text() },
      ]) {
        expect(status).toBeGreaterThanOrEqual(400);
        const key = `ssehub_requests_refused_total{status="${status}",reason="${JSON.parse(body).error}"}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      expect(expected.size, "distinct refusals (subscribe and publish share missing-field)").toBe(3);

      // A reader that never reads, on its own topic, pushed past maxQueue by in-process publishes.
      const slow = await openRawStream(url, "/.well-known/mercure?topic=slow");
      slow.socket.pause();
      await waitFor(() => hub.stats().connections === 3, "the slow reader connected");
      let pushed = 0;
      while (hub.stats().slowConsumerDisconnects === 0) {
        expect(pushed < 2000, "the slow reader was never disconnected").toBeTruthy();
        await hub.publish({ topics: "slow", data: "s".repeat(32 * 1024) });
        pushed++;
        await yieldToIo();
      }
      slow.close();
      await waitFor(() => hub.stats().connections === 2, "the slow reader released");

      const response = await fetch(`${url}/metrics`);
      const { samples, types } = parseExposition(await response.text());
      for (const [name, type] of [
        ["ssehub_requests_refused_total", "counter"],
        ["ssehub_publish_duration_seconds", "histogram"],
        ["ssehub_broker_publish_duration_seconds", "histogram"],
        ["ssehub_connections_by_draft", "gauge"],
        ["ssehub_written_bytes_total", "counter"],
        ["ssehub_slow_consumer_disconnects_total", "counter"],
        ["ssehub_event_loop_delay_seconds", "gauge"],
        ["ssehub_process_resident_memory_bytes", "gauge"],
      ]) {
        expect(types.get(name!), name).toBe(type);
      }
      for (const [key, count] of expected) expect(samples.get(key), key).toBe(count);
      expect(
        [...samples.keys()].filter((name) => name.startsWith("ssehub_requests_refused_total{")),
      ).toHaveLength(expected.size);

      expectHistogram(samples, "ssehub_publish_duration_seconds", publishes);
      expectHistogram(samples, "ssehub_broker_publish_duration_seconds", publishes + pushed);
      expect(samples.get("ssehub_updates_published_total")).toBe(publishes + pushed);

      expect(samples.get('ssehub_connections_by_draft{draft="7"}')).toBe(1);
      expect(samples.get('ssehub_connections_by_draft{draft="8"}')).toBe(1);
      expect(samples.get("ssehub_slow_consumer_disconnects_total")).toBe(1);
      // Both readers got every update's data; the slow one got some bytes before it stalled.
      expect(samples.get("ssehub_written_bytes_total")).toBeGreaterThan(2 * publishes * data.length);
      expect(samples.get("ssehub_event_loop_delay_seconds")).toBeGreaterThanOrEqual(0);
      expect(samples.get("ssehub_process_resident_memory_bytes")).toBeGreaterThan(1024 * 1024);
      await draft7.close();
      await draft8.close();
    });
  });
});

/** `name`'s buckets are cumulative, end with +Inf, and count `count` observations, as does `_count`. */
function expectHistogram(samples: Map<string, number>, name: string, count: number): void {
  const buckets = [...samples].filter(([sample]) => sample.startsWith(`${name}_bucket{`));
  expect(buckets.length, name).toBeGreaterThan(1);
  expect(buckets.at(-1)![0]).toBe(`${name}_bucket{le="+Inf"}`);
  for (let i = 1; i < buckets.length; i++)
    expect(buckets[i]![1], buckets[i]![0]).toBeGreaterThanOrEqual(buckets[i - 1]![1]);
  expect(buckets.at(-1)![1]).toBe(count);
  expect(samples.get(`${name}_count`)).toBe(count);
  expect(samples.get(`${name}_sum`)).toBeGreaterThan(0);
}
