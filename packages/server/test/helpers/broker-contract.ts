// The contract every broker passes (memory, SQLite, Redis): each broker's test file calls
// describeBrokerContract with a function opening a fresh, empty broker on the bounds given.
import type { Update } from "@ssehub/protocol";
import { describe, expect, it } from "vitest";
import type { Broker, BrokerBounds, BrokerEntry, HistoryRead } from "../../src/core/broker.ts";
import { entryBytes } from "../../src/core/entry-bytes.ts";
import { formatPosition, parsePosition } from "../../src/core/position.ts";

/** Opens a broker on `bounds`: a fresh, empty one for `open`, the same store again for `reopen`. */
export type OpenBroker = (bounds: BrokerBounds) => Promise<Broker>;

export interface BrokerContractOptions {
  /** For a durable broker: opens the store the last `open` (or `reopen`) used, after it was closed. */
  reopen?: OpenBroker;
}

const START = 1_700_000_000_000;

/** A clock the tests move by hand: age bounds are checked without waiting. */
class Clock {
  time = START;
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

function update(id: string, fields: Partial<Update> = {}): Update {
  return {
    topics: ["https://example.com/a"],
    data: `data of ${id}`,
    id,
    private: false,
    retain: false,
    ...fields,
  };
}

function presenceEvent(n: number): Update {
  return update(`urn:uuid:presence-${n}`, {
    topics: [`/.well-known/mercure/subscriptions/a/s${n}`],
    private: true,
    type: "mercure",
  });
}

const ids = (entries: readonly BrokerEntry[]): string[] => entries.map((entry) => entry.update.id);
const seqs = (entries: readonly BrokerEntry[]): number[] => entries.map((entry) => entry.seq);

async function publishAll(broker: Broker, updates: Update[]): Promise<BrokerEntry[]> {
  const entries: BrokerEntry[] = [];
  for (const next of updates) entries.push((await broker.publish(next)).entry);
  return entries;
}

function numbered(from: number, to: number, fields: Partial<Update> = {}): Update[] {
  return Array.from({ length: to - from + 1 }, (_, i) => update(`u${from + i}`, fields));
}

/** Resolves once `condition()` holds; fails naming `what` after `timeoutMs`. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function epochOf(read: { position: string }): string {
  const parsed = parsePosition(read.position);
  if (parsed === undefined) throw new Error(`not a position: ${read.position}`);
  return parsed.epoch;
}

/** Registers the broker contract tests under `describe(name)`. */
export function describeBrokerContract(
  name: string,
  open: OpenBroker,
  options: BrokerContractOptions = {},
): void {
  /** Runs `body` on a fresh broker with a hand-moved clock; the broker is closed afterwards. */
  async function withBroker(
    bounds: BrokerBounds,
    body: (broker: Broker, clock: Clock) => Promise<void>,
  ): Promise<void> {
    const clock = new Clock();
    const broker = await open({ now: clock.now, ...bounds });
    try {
      await body(broker, clock);
    } finally {
      await broker.close();
    }
  }

  describe(`broker contract: ${name}`, () => {
    describe("order", () => {
      it("gives strictly increasing seqs, the accepting time, and reads back in publish order", async () => {
        await withBroker({}, async (broker, clock) => {
          const entries = await publishAll(broker, numbered(1, 5));
          expect(ids(entries)).toEqual(["u1", "u2", "u3", "u4", "u5"]);
          for (let i = 1; i < entries.length; i++)
            expect(entries[i]!.seq).toBeGreaterThan(entries[i - 1]!.seq);
          expect(entries.every((entry) => entry.time === clock.time)).toBe(true);
          const read = await broker.readSince("earliest");
          expect(read.found).toBe(true);
          expect(seqs(read.entries)).toEqual(seqs(entries));
          expect(read.entries.map((entry) => entry.update)).toEqual(numbered(1, 5));
          expect(read.head).toBe(entries[4]!.seq);
        });
      });

      it("announces every entry to each listener in seq order, and stops after unlisten", async () => {
        await withBroker({}, async (broker) => {
          const first: BrokerEntry[] = [];
          const second: BrokerEntry[] = [];
          const unlistenFirst = broker.listen((entry) => first.push(entry));
          const unlistenSecond = broker.listen((entry) => second.push(entry));
          const published = await publishAll(broker, numbered(1, 20));
          await waitFor(
            () => first.length === 20 && second.length === 20,
            "20 announcements to each listener",
          );
          expect(seqs(first)).toEqual(seqs(published));
          expect(seqs(second)).toEqual(seqs(published));
          unlistenFirst();
          await publishAll(broker, numbered(21, 22));
          await waitFor(() => second.length === 22, "the two later announcements to the listener still on");
          expect(first.length).toBe(20);
          unlistenSecond();
        });
      });

      it("an empty broker: no entries, found for earliest, head 0 and a position in its epoch", async () => {
        await withBroker({}, async (broker) => {
          const read = await broker.readSince("earliest");
          expect(read).toMatchObject({ entries: [], found: true, earliest: undefined, head: 0 });
          expect(parsePosition(read.position)).toEqual({ epoch: epochOf(read), seq: 0 });
          const retained = await broker.retained();
          expect(retained).toMatchObject({ entries: [], head: 0, position: read.position });
          expect(broker.state()).toEqual({
            historySize: 0,
            historyBytes: 0,
            retainedTopics: 0,
            lastEventId: undefined,
          });
        });
      });
    });

    describe("bounds", () => {
      it("historySize: the oldest updates leave first", async () => {
        await withBroker({ historySize: 3 }, async (broker) => {
          await publishAll(broker, numbered(1, 5));
          expect(ids((await broker.readSince("earliest")).entries)).toEqual(["u3", "u4", "u5"]);
          expect(broker.state().historySize).toBe(3);
          expect(broker.state().lastEventId).toBe("u5");
          expect((await broker.readSince("u2")).found).toBe(false);
          expect(ids((await broker.readSince("u3")).entries)).toEqual(["u4", "u5"]);
        });
      });

      it("historySize 0 keeps none, and a position from before an update is then a gap", async () => {
        await withBroker({ historySize: 0 }, async (broker) => {
          const before = (await broker.readSince("earliest")).position;
          await publishAll(broker, numbered(1, 2));
          const read = await broker.readSince("earliest");
          expect(read.entries).toEqual([]);
          expect(read.head).toBeGreaterThan(0);
          expect(broker.state().historySize).toBe(0);
          expect((await broker.readSince("u2")).found).toBe(false);
          expect((await broker.readSince(before)).found).toBe(false);
          // Nothing was published after the head: resuming from it loses nothing.
          expect(await broker.readSince(read.position)).toMatchObject({ found: true, entries: [] });
        });
      });

      it("historyMaxAge: an update leaves once older than the bound (controlled clock)", async () => {
        await withBroker({ historyMaxAge: 100 }, async (broker, clock) => {
          await broker.publish(update("old"));
          clock.advance(50);
          await broker.publish(update("young"));
          clock.advance(51);
          let read = await broker.readSince("earliest");
          expect(ids(read.entries)).toEqual(["young"]);
          expect(read.earliest?.update.id).toBe("young");
          expect((await broker.readSince("old")).found).toBe(false);
          expect(ids((await broker.readSince("young")).entries)).toEqual([]);
          expect(broker.state().historySize).toBe(1);
          clock.advance(50);
          read = await broker.readSince("earliest");
          expect(read.entries).toEqual([]);
          expect(read.earliest).toBeUndefined();
          expect(broker.state().historySize).toBe(0);
        });
      });

      it("historyMaxBytes: counts entryBytes of the held updates; the oldest leave until under", async () => {
        const sample = update("b1", { data: "x".repeat(100) });
        const size = entryBytes(sample);
        await withBroker({ historyMaxBytes: 2 * size + Math.floor(size / 2) }, async (broker) => {
          await publishAll(
            broker,
            ["b1", "b2", "b3"].map((id) => update(id, { data: "x".repeat(100) })),
          );
          expect(ids((await broker.readSince("earliest")).entries)).toEqual(["b2", "b3"]);
          expect(broker.state()).toMatchObject({ historySize: 2, historyBytes: 2 * size });
          expect((await broker.readSince("b1")).found).toBe(false);
          // One update larger than the bound on its own is not held, and takes the rest with it.
          await broker.publish(update("huge", { data: "y".repeat(3 * size) }));
          expect((await broker.readSince("earliest")).entries).toEqual([]);
          expect(broker.state()).toMatchObject({ historySize: 0, historyBytes: 0 });
        });
      });

      it("entryBytes counts UTF-8 bytes of id, data, type and topics", () => {
        const multi = update("é", { data: "€😀", type: "t", topics: ["a", "bc"] });
        expect(entryBytes(multi)).toBe(2 + 3 + 4 + 1 + 1 + 2);
        expect(entryBytes(update("i", { data: "\ud800", topics: ["t"] }))).toBe(1 + 3 + 1);
      });
    });

    describe("readSince", () => {
      it("by update id: the entries after it, with the oldest held entry and the head", async () => {
        await withBroker({}, async (broker) => {
          const entries = await publishAll(broker, numbered(1, 4));
          const read = await broker.readSince("u2");
          expect(read.found).toBe(true);
          expect(ids(read.entries)).toEqual(["u3", "u4"]);
          expect(read.earliest?.update.id).toBe("u1");
          expect(read.head).toBe(entries[3]!.seq);
          expect(parsePosition(read.position)?.seq).toBe(read.head);
          expect((await broker.readSince("u4")).entries).toEqual([]);
        });
      });

      it("by position: the entries after the place it names, in the broker's epoch", async () => {
        await withBroker({}, async (broker) => {
          await publishAll(broker, numbered(1, 2));
          const mark = await broker.readSince("earliest");
          const epoch = epochOf(mark);
          expect(mark.position).toBe(formatPosition(epoch, mark.head));
          await publishAll(broker, numbered(3, 4));
          const after = await broker.readSince(mark.position);
          expect(after.found).toBe(true);
          expect(ids(after.entries)).toEqual(["u3", "u4"]);
          expect(ids((await broker.readSince(formatPosition(epoch, 0))).entries)).toEqual([
            "u1",
            "u2",
            "u3",
            "u4",
          ]);
          const retainedMark = await broker.retained();
          expect(retainedMark.position).toBe(formatPosition(epoch, after.head));
          expect(await broker.readSince(retainedMark.position)).toMatchObject({ found: true, entries: [] });
        });
      });

      it("earliest: every held entry, found even when empty", async () => {
        await withBroker({ historySize: 2 }, async (broker) => {
          await publishAll(broker, numbered(1, 3));
          const read = await broker.readSince("earliest");
          expect(read.found).toBe(true);
          expect(ids(read.entries)).toEqual(["u2", "u3"]);
          expect(read.earliest?.update.id).toBe("u2");
        });
      });
    });

    describe("gaps", () => {
      it("an unknown id is not found: no entries, with the oldest held entry", async () => {
        await withBroker({}, async (broker) => {
          await publishAll(broker, numbered(1, 2));
          const read = await broker.readSince("never-published");
          expect(read).toMatchObject({ found: false, entries: [] });
          expect(read.earliest?.update.id).toBe("u1");
          expect(parsePosition(read.position)?.seq).toBe(read.head);
        });
      });

      it("a position past which an update was evicted is not found", async () => {
        await withBroker({ historySize: 2 }, async (broker) => {
          await publishAll(broker, numbered(1, 2));
          const mark = (await broker.readSince("earliest")).position;
          await broker.publish(update("u3"));
          // u1 left, but it is before the mark: nothing after the mark is missing.
          expect(ids((await broker.readSince(mark)).entries)).toEqual(["u3"]);
          await publishAll(broker, numbered(4, 5));
          // u3 left, and it came after the mark.
          expect(await broker.readSince(mark)).toMatchObject({ found: false, entries: [] });
        });
      });

      it("a position from another epoch, past the head, or malformed is not found", async () => {
        await withBroker({}, async (broker) => {
          await publishAll(broker, numbered(1, 2));
          const read = await broker.readSince("earliest");
          const epoch = epochOf(read);
          const other = epoch === "Z" ? "Y" : "Z";
          for (const asked of [
            formatPosition(other, 1),
            formatPosition(epoch, read.head + 1),
            `#${epoch}`,
            `#${epoch}.`,
            `#${epoch}.01`,
            `#${epoch}.-1`,
            `#${epoch}.1.2`,
            `#${epoch}.99999999999999999999`,
            "#.1",
            "#",
          ]) {
            expect(await broker.readSince(asked), asked).toMatchObject({ found: false, entries: [] });
          }
        });
      });
    });

    describe("retained", () => {
      it("the latest retained update of each topic, in publish order, kept whatever the history evicts", async () => {
        await withBroker({ historySize: 1 }, async (broker) => {
          const a = (topic: string) => ({ retain: true, topics: [`https://example.com/${topic}`] });
          await broker.publish(update("a1", a("a")));
          await broker.publish(update("b1", a("b")));
          await broker.publish(update("a2", a("a")));
          await broker.publish(update("c1", { topics: ["https://example.com/c"] }));
          const read = await broker.retained();
          expect(ids(read.entries)).toEqual(["b1", "a2"]);
          expect(read.head).toBe((await broker.readSince("earliest")).head);
          expect(broker.state().retainedTopics).toBe(2);
          // Retained under its canonical (first) topic only.
          await broker.publish(
            update("d1", { retain: true, topics: ["https://example.com/d", "https://example.com/a"] }),
          );
          expect(ids((await broker.retained()).entries)).toEqual(["b1", "a2", "d1"]);
        });
      });

      it("maxRetained: past the bound the topic retained longest ago is forgotten", async () => {
        await withBroker({ maxRetained: 2 }, async (broker) => {
          const on = (topic: string) => ({ retain: true, topics: [topic] });
          await broker.publish(update("a1", on("a")));
          await broker.publish(update("b1", on("b")));
          await broker.publish(update("c1", on("c")));
          expect(ids((await broker.retained()).entries)).toEqual(["b1", "c1"]);
          await broker.publish(update("b2", on("b")));
          await broker.publish(update("d1", on("d")));
          expect(ids((await broker.retained()).entries)).toEqual(["b2", "d1"]);
          expect(broker.state().retainedTopics).toBe(2);
          // The history is a separate bound: a1 is still held.
          expect(ids((await broker.readSince("earliest")).entries)).toContain("a1");
        });
      });

      it("clearRetained forgets a topic's retained update, not its history", async () => {
        await withBroker({}, async (broker) => {
          await broker.publish(update("a1", { retain: true, topics: ["a"] }));
          await broker.publish(update("b1", { retain: true, topics: ["b"] }));
          expect(await broker.clearRetained("a")).toBe(true);
          expect(await broker.clearRetained("a")).toBe(false);
          expect(await broker.clearRetained("never")).toBe(false);
          expect(ids((await broker.retained()).entries)).toEqual(["b1"]);
          expect(broker.state().retainedTopics).toBe(1);
          expect(ids((await broker.readSince("earliest")).entries)).toEqual(["a1", "b1"]);
          await broker.publish(update("a2", { retain: true, topics: ["a"] }));
          expect(ids((await broker.retained()).entries)).toEqual(["b1", "a2"]);
        });
      });
    });

    describe("idempotency and reused ids", () => {
      it("an identical repeat of a held update is a duplicate: the held entry, nothing stored or announced", async () => {
        await withBroker({}, async (broker) => {
          const heard: BrokerEntry[] = [];
          broker.listen((entry) => heard.push(entry));
          const first = await broker.publish(update("once", { type: "t", retry: 5, retain: true }));
          await broker.publish(update("next"));
          const again = await broker.publish(update("once", { type: "t", retry: 5, retain: true }));
          expect(first.duplicate).toBe(false);
          expect(again.duplicate).toBe(true);
          expect(again.entry.seq).toBe(first.entry.seq);
          expect(again.entry.update).toEqual(first.entry.update);
          await waitFor(() => heard.length >= 2, "two announcements");
          expect(ids(heard)).toEqual(["once", "next"]);
          expect(ids((await broker.readSince("earliest")).entries)).toEqual(["once", "next"]);
          expect(broker.state().historySize).toBe(2);
        });
      });

      it("a different update under a reused id is stored and announced; readSince resolves the id to the earliest", async () => {
        const variants: [string, Partial<Update>][] = [
          ["data", { data: "other" }],
          ["topics order", { topics: ["https://example.com/b", "https://example.com/a"] }],
          ["type", { type: "other" }],
          ["retry", { retry: 1 }],
          ["private", { private: true }],
          ["retain", { retain: true }],
        ];
        for (const [what, fields] of variants) {
          await withBroker({}, async (broker) => {
            const heard: BrokerEntry[] = [];
            broker.listen((entry) => heard.push(entry));
            const base = update("r", { topics: ["https://example.com/a", "https://example.com/b"] });
            await broker.publish(base);
            await broker.publish(update("between"));
            const other = await broker.publish({ ...base, ...fields });
            expect(other.duplicate, what).toBe(false);
            await waitFor(() => heard.length === 3, `three announcements (${what})`);
            const read = await broker.readSince("r");
            expect(ids(read.entries), what).toEqual(["between", "r"]);
            expect(read.entries[1]!.update, what).toEqual({ ...base, ...fields });
            // Repeating the first is still a duplicate of the first, which is held.
            expect((await broker.publish(base)).duplicate, what).toBe(true);
            expect((await broker.publish({ ...base, ...fields })).duplicate, what).toBe(true);
          });
        }
      });

      it("newId (an id the hub made) skips no storage: resumable by the id, and a later repeat of it is a duplicate", async () => {
        await withBroker({ historySize: 4 }, async (broker) => {
          // Far more hub-made ids than the history holds before the first question (an index may be dropped).
          const made = numbered(1, 40);
          const entries: BrokerEntry[] = [];
          for (const next of made) entries.push((await broker.publish(next, { newId: true })).entry);
          const read = await broker.readSince("u38");
          expect(read.found).toBe(true);
          expect(ids(read.entries)).toEqual(["u39", "u40"]);
          expect(read.earliest?.update.id).toBe("u37");
          const again = await broker.publish(made[38]!);
          expect(again.duplicate).toBe(true);
          expect(again.entry.seq).toBe(entries[38]!.seq);
          expect((await broker.publish(made[0]!)).duplicate).toBe(false); // long gone: new
          // Quiet again, then a publisher's own id repeated while held.
          for (const next of numbered(41, 45)) await broker.publish(next, { newId: true });
          expect((await broker.publish(update("u45", { data: "other" }))).duplicate).toBe(false);
          expect((await broker.publish(update("u44"))).duplicate).toBe(true);
        });
      });

      it("once the earliest under a reused id leaves, the id resolves to the next one; a repeat of the gone one is new", async () => {
        await withBroker({ historySize: 3 }, async (broker) => {
          await broker.publish(update("r", { data: "first" }));
          await broker.publish(update("x"));
          await broker.publish(update("r", { data: "second" }));
          await broker.publish(update("y"));
          const read = await broker.readSince("r");
          expect(read.found).toBe(true);
          expect(ids(read.entries)).toEqual(["y"]);
          const repeat = await broker.publish(update("r", { data: "first" }));
          expect(repeat.duplicate).toBe(false);
          expect(ids((await broker.readSince("earliest")).entries)).toEqual(["r", "y", "r"]);
        });
      });
    });

    describe("presence (subscription events)", () => {
      it("held in their own bound: never evict updates, never counted in historySize or historyBytes", async () => {
        await withBroker({ historySize: 3, presenceHistorySize: 2 }, async (broker) => {
          const updates = await publishAll(broker, numbered(1, 3));
          const bytes = broker.state().historyBytes;
          const mark = (await broker.readSince("earliest")).position;
          const events: BrokerEntry[] = [];
          for (let n = 1; n <= 10; n++)
            events.push((await broker.publish(presenceEvent(n), { presence: true })).entry);
          expect(events.every((entry, i) => i === 0 || entry.seq > events[i - 1]!.seq)).toBe(true);
          expect(events[0]!.seq).toBeGreaterThan(updates[2]!.seq);
          expect(broker.state()).toMatchObject({ historySize: 3, historyBytes: bytes });
          const read = await broker.readSince("earliest");
          expect(ids(read.entries)).toEqual([
            "u1",
            "u2",
            "u3",
            "urn:uuid:presence-9",
            "urn:uuid:presence-10",
          ]);
          expect(read.earliest?.update.id).toBe("u1");
          // Presence evictions do not make a gap: no update after the mark was lost.
          expect(ids((await broker.readSince(mark)).entries)).toEqual([
            "urn:uuid:presence-9",
            "urn:uuid:presence-10",
          ]);
          expect(ids((await broker.readSince("u2")).entries)).toEqual([
            "u3",
            "urn:uuid:presence-9",
            "urn:uuid:presence-10",
          ]);
        });
      });

      it("resumable by their ids while held, merged with updates in seq order", async () => {
        await withBroker({ historySize: 10, presenceHistorySize: 2 }, async (broker) => {
          await broker.publish(update("u1"));
          await broker.publish(presenceEvent(1), { presence: true });
          await broker.publish(update("u2"));
          await broker.publish(presenceEvent(2), { presence: true });
          await broker.publish(update("u3"));
          const read = await broker.readSince("urn:uuid:presence-1");
          expect(read.found).toBe(true);
          expect(ids(read.entries)).toEqual(["u2", "urn:uuid:presence-2", "u3"]);
          expect(seqs(read.entries)).toEqual([...seqs(read.entries)].sort((a, b) => a - b));
          await broker.publish(presenceEvent(3), { presence: true });
          // presence-1 left its bound.
          expect((await broker.readSince("urn:uuid:presence-1")).found).toBe(false);
        });
      });

      it("a subscription event whose following updates were evicted is a gap", async () => {
        await withBroker({ historySize: 1, presenceHistorySize: 10 }, async (broker) => {
          await broker.publish(presenceEvent(1), { presence: true });
          await publishAll(broker, numbered(1, 2));
          // u1 came after presence-1 and left: resuming from presence-1 would skip it.
          expect((await broker.readSince("urn:uuid:presence-1")).found).toBe(false);
        });
      });

      it("announced to listeners like updates", async () => {
        await withBroker({}, async (broker) => {
          const heard: BrokerEntry[] = [];
          broker.listen((entry) => heard.push(entry));
          await broker.publish(update("u1"));
          await broker.publish(presenceEvent(1), { presence: true });
          await waitFor(() => heard.length === 2, "two announcements");
          expect(ids(heard)).toEqual(["u1", "urn:uuid:presence-1"]);
        });
      });
    });

    const reopen = options.reopen;
    if (reopen !== undefined) describeReopen(open, reopen);
  });
}

/** For a durable broker: what it held, its epoch and its idempotency survive closing and reopening. */
function describeReopen(open: OpenBroker, reopen: OpenBroker): void {
  describe("survives closing and reopening", () => {
    it("history, positions, retained state, idempotency, bounds and the order go on", async () => {
      const clock = new Clock();
      const bounds: BrokerBounds = { now: clock.now, historySize: 4, maxRetained: 2 };
      let broker = await open(bounds);
      let before: { read: HistoryRead; state: ReturnType<Broker["state"]>; retained: string[]; mark: string };
      try {
        await broker.publish(update("a1", { retain: true, topics: ["a"] }));
        await broker.publish(update("b1", { retain: true, topics: ["b"] }));
        await broker.publish(update("c1", { retain: true, topics: ["c"] }));
        const mark = (await broker.readSince("earliest")).position;
        await broker.publish(presenceEvent(1), { presence: true });
        await publishAll(broker, numbered(1, 2));
        expect(await broker.clearRetained("c")).toBe(true);
        before = {
          read: await broker.readSince("earliest"),
          state: broker.state(),
          retained: ids((await broker.retained()).entries),
          mark,
        };
      } finally {
        await broker.close();
      }
      broker = await reopen(bounds);
      try {
        const read = await broker.readSince("earliest");
        expect(seqs(read.entries)).toEqual(seqs(before.read.entries));
        expect(read.entries.map((entry) => entry.update)).toEqual(
          before.read.entries.map((entry) => entry.update),
        );
        expect(read.position).toBe(before.read.position);
        expect(broker.state()).toEqual(before.state);
        expect(ids((await broker.retained()).entries)).toEqual(before.retained);
        expect(ids((await broker.readSince(before.mark)).entries)).toEqual([
          "urn:uuid:presence-1",
          "u1",
          "u2",
        ]);
        expect(ids((await broker.readSince("u1")).entries)).toEqual(["u2"]);
        // An identical repeat is still recognised; a new update continues the order.
        expect((await broker.publish(update("u2"))).duplicate).toBe(true);
        const next = await broker.publish(update("u3"));
        expect(next.duplicate).toBe(false);
        expect(next.entry.seq).toBeGreaterThan(read.head);
        // The bounds still apply: four updates held at most.
        expect(
          ids((await broker.readSince("earliest")).entries).filter((id) => !id.startsWith("urn:")),
        ).toEqual(["c1", "u1", "u2", "u3"]);
      } finally {
        await broker.close();
      }
    });

    it("the age bound applies across a restart (controlled clock)", async () => {
      const clock = new Clock();
      const bounds: BrokerBounds = { now: clock.now, historyMaxAge: 100 };
      let broker = await open(bounds);
      try {
        await broker.publish(update("old"));
        clock.advance(60);
        await broker.publish(update("young"));
      } finally {
        await broker.close();
      }
      clock.advance(60);
      broker = await reopen(bounds);
      try {
        expect(ids((await broker.readSince("earliest")).entries)).toEqual(["young"]);
        expect((await broker.readSince("old")).found).toBe(false);
      } finally {
        await broker.close();
      }
    });
  });
}
