import fc from "fast-check";
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

/** The rule as written: a backslash, or a piece of the path that reads `.` or `..` once `%2e` is decoded. */
function ambiguousByDefinition(topic: string): boolean {
  const path = topic.split(/[?#]/)[0]!;
  if (path.includes("\\")) return true;
  return path.split("/").some((piece) => {
    const decoded = piece.replace(/%2e/gi, ".");
    return decoded === "." || decoded === "..";
  });
}

function isAmbiguous(topic: string): boolean {
  try {
    checkTopicMeaning(topic);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "ambiguous-topic") return true;
    throw error;
  }
}

describe("ambiguous topics: dot segments and backslashes in the path", () => {
  it("refuses . and .. pieces (%2e in either case), anywhere in the path, and a backslash", () => {
    for (const topic of [
      ".",
      "..",
      "a/.",
      "a/..",
      "./a",
      "a/../b",
      "a/%2e/b",
      "a/%2E%2e/b",
      "a/.%2E",
      "%2e./b",
      "https://example.com/a/../b?x",
      "https://example.com/a/..#x",
      "a\\b",
      "https:\\\\example.com/a",
    ]) {
      expect(isAmbiguous(topic), JSON.stringify(topic)).toBe(true);
    }
  });

  it("accepts dots that are not a whole piece, and anything after ? or #", () => {
    for (const topic of [
      "...",
      "a/.../b",
      "a/.b",
      "a/b.",
      "a/%2e%2e%2e",
      "a/%2f..",
      "a/%2",
      "a/%",
      "https://example.com/a?x=/../\\",
      "https://example.com/a#/./",
      "chat",
      "",
    ]) {
      expect(isAmbiguous(topic), JSON.stringify(topic)).toBe(false);
    }
  });

  it("agrees with the rule as written on any text of the characters that matter", () => {
    const piece = fc.constantFrom(".", "%2e", "%2E", "%2", "%", "/", "\\", "?", "#", "a", "e", "2");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const topic = pieces.join("");
        expect(isAmbiguous(topic)).toBe(ambiguousByDefinition(topic));
      }),
      { numRuns: 5000, seed: 12 },
    );
  });
});
