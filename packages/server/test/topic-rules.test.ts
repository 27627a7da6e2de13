import { describe, expect, it } from "vitest";
import { checkTopicMeaning } from "../src/core/topic-rules.ts";

describe("reserved topics: the check without a URL parse decides only what a parse would", () => {
  it("refuses every reading of /.well-known/mercure, with a tab or line break the URL parser drops", () => {
    for (const topic of [
      "/.well-known/mercure",
      "https://example.com/.well-known/mercure/x",
      "/.well-\tknown/mercure",
      "/.well-kno\nwn/mercure",
      "/.well-kno\r\nwn/mercure",
      "/%2Ewell-known/mercure",
      "/.%77ell-known/mercure",
    ]) {
      expect(() => checkTopicMeaning(topic), JSON.stringify(topic)).toThrow(
        expect.objectContaining({ code: "reserved-topic" }),
      );
    }
  });

  it("accepts topics that only look alike", () => {
    for (const topic of [
      "/well-known/mercure",
      "/.well-known/mercure%2Fx",
      "https://example.com/a",
      "chat",
    ]) {
      expect(() => checkTopicMeaning(topic), topic).not.toThrow();
    }
  });
});
