// Every fixture parsed whole, split in two at every byte and at every character, and one byte at a time,
// must give the same result.
import { describe, expect, it } from "vitest";
import { byteByByte, type Collected, message, parseChunks, splitAt, utf8 } from "./helpers/collect.ts";

interface Fixture {
  name: string;
  stream: string;
  expected: Partial<Collected>;
}

const fixtures: Fixture[] = [
  {
    name: "JSON events with ids",
    stream: 'id: 1\ndata: {"n":1}\n\nid: 2\nevent: tick\ndata: {"n":2}\n\n',
    expected: { events: [message('{"n":1}', "1"), message('{"n":2}', "2", "tick")] },
  },
  {
    name: "CRLF everywhere",
    stream: "data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n",
    expected: { events: [message("a\nb"), message("c")] },
  },
  {
    name: "lone CRs",
    stream: "data: a\rdata: b\r\rid: 3\revent: e\rdata\r\r",
    expected: { events: [message("a\nb"), message("", "3", "e")] },
  },
  {
    name: "BOM, comments and retry",
    stream: "\uFEFF: hello\nretry: 2500\n:\ndata: x\n\n",
    expected: { events: [message("x")], comments: ["hello", ""], retries: [2500] },
  },
  {
    name: "multi-byte characters next to line ends",
    stream: "data: é\r\ndata: 😀\rdata: €\n\nevent: ü\ndata: \u2028\n\n",
    expected: { events: [message("é\n😀\n€"), message("\u2028", "", "ü")] },
  },
  {
    name: "unfinished final event",
    stream: "data: a\n\nid: 9\ndata: b\n",
    expected: { events: [message("a")] },
  },
  {
    name: "NUL id ignored",
    stream: "id: a\ndata: 1\n\nid: b\0c\ndata: 2\n\n",
    expected: { events: [message("1", "a"), message("2", "a")] },
  },
];

function check(actual: Collected, expected: Partial<Collected>, where: string): void {
  for (const key of Object.keys(expected) as (keyof Collected)[]) {
    expect(actual[key], `${key} differ when ${where}`).toStrictEqual(expected[key]);
  }
}

describe("chunk boundaries", () => {
  for (const fixture of fixtures) {
    it(fixture.name, () => {
      const bytes = utf8(fixture.stream);
      check(parseChunks([bytes]), fixture.expected, "whole");
      for (let at = 0; at <= bytes.length; at++) {
        check(parseChunks(splitAt(bytes, at)), fixture.expected, `split at byte ${at}`);
      }
      for (let at = 0; at <= fixture.stream.length; at++) {
        const pieces = [fixture.stream.slice(0, at), fixture.stream.slice(at)];
        check(parseChunks(pieces), fixture.expected, `split at char ${at}`);
      }
      check(parseChunks(byteByByte(bytes)), fixture.expected, "one byte at a time");
    });
  }
});
