import { expect, it } from "vitest";
import { createRecentUpdates } from "../src/server/recent-updates.ts";

const update = (id: string, topic: string, data = "x", extra: { private?: boolean; type?: string } = {}) => ({
  id,
  topics: [topic],
  data,
  private: extra.private ?? false,
  retain: false,
  type: extra.type,
});

it("keeps the last `limit` updates, oldest first, with a preview of their data", () => {
  const recent = createRecentUpdates({ limit: 2, ignoreTopic: "urn:stats", now: () => 1000 });
  recent.record(update("1", "urn:a"));
  recent.record(update("2", "urn:b", "y".repeat(500), { type: "note" }));
  recent.record(update("3", "urn:c"));
  const [second, third] = recent.list();
  expect(recent.list().map(({ id }) => id)).toStrictEqual(["2", "3"]);
  expect(second?.type).toBe("note");
  expect(second?.size).toBe(500);
  expect(second?.preview.length).toBe(120);
  expect(third).toStrictEqual({
    id: "3",
    topics: ["urn:c"],
    type: "message",
    at: 1000,
    preview: "x",
    size: 1,
  });
});

it("skips the stats topic and private updates (the log is public)", () => {
  const recent = createRecentUpdates({ limit: 10, ignoreTopic: "urn:stats" });
  recent.record(update("1", "urn:stats"));
  recent.record(update("2", "urn:secret", "x", { private: true }));
  expect(recent.list()).toStrictEqual([]);
});
