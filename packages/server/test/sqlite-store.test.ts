// `ssehub serve --store`: real hub processes on real files, killed and restarted.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HubProcess, runToEnd, startHub } from "./helpers/hub-process.ts";
import { waitFor } from "./helpers/runtime.ts";
import { hasNodeSqlite, tempFolder, writeForeignDatabase } from "./helpers/sqlite.ts";
import { openStream, postForm, type Stream } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const NO_SQLITE = "needs node:sqlite (Node 22.13+, Deno 2.2+, Bun)";
const HUB_ARGS = ["--jwt-key", KEY, "--allow-anonymous", "--log-level", "warn"];
const publisher = bearer(await token07({ publish: ["*"] }));

function publish(endpoint: string, topic: string, id: string, extra: [string, string][] = []) {
  return postForm(endpoint, [["topic", topic], ["id", id], ["data", `data of ${id}`], ...extra], publisher);
}

/** A subscriber that has received its prelude (up to and including `ssehub-ready`). */
async function subscribe(endpoint: string, query: string, lastEventId?: string): Promise<Stream> {
  const headers: Record<string, string> = lastEventId === undefined ? {} : { "last-event-id": lastEventId };
  const stream = await openStream(`${endpoint}?${query}`, { headers });
  expect(stream.response.status).toBe(200);
  await stream.waitForEvent("ssehub-ready");
  return stream;
}

/** Stops a hub with SIGTERM and checks it shut down gracefully (it logs "stopped" at level info). */
async function stopGracefully(hub: HubProcess): Promise<void> {
  await hub.kill("SIGTERM");
  // The log, not the exit code: Deno's child_process reports the signal sent even when the child exits 0.
  expect(hub.stderr()).toMatch(/INFO +stopped/);
}

const readyCounts = (stream: Stream) =>
  JSON.parse(stream.events.find((e) => e.type === "ssehub-ready")!.data);

describe("ssehub serve --store", () => {
  let folder: ReturnType<typeof tempFolder>;
  let store: string;
  const hubs: HubProcess[] = [];
  const streams: Stream[] = [];
  const start = async (args: string[]) => {
    const hub = await startHub(args);
    hubs.push(hub);
    return hub;
  };
  const track = (stream: Stream) => {
    streams.push(stream);
    return stream;
  };

  beforeEach(() => {
    folder = tempFolder();
    store = join(folder.path, "hub.db");
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.close();
    for (const hub of hubs.splice(0)) await hub.kill("SIGKILL");
    folder.remove();
  });

  it.skipIf(!hasNodeSqlite)(
    `loses no acknowledged update when the hub is SIGKILLed under load (${NO_SQLITE})`,
    async () => {
      const args = ["--store", store, "--history-size", "100000", ...HUB_ARGS];
      const first = await start(args);
      const live = track(await subscribe(first.endpoint, "topic=/crash"));
      // Four publishers, each sending its next update once the last one is answered.
      const acked: string[][] = [[], [], [], []];
      const refused: string[] = [];
      let killed = false;
      const publishLoop = async (lane: number) => {
        for (let n = 0; n < 2000 && !killed; n++) {
          const id = `p${lane}-${n}`;
          let status: number;
          try {
            status = (await publish(first.endpoint, "/crash", id)).status;
          } catch {
            return; // the hub died with this publish in flight: it was never acknowledged
          }
          if (status === 200) acked[lane]!.push(id);
          else refused.push(`${id}: ${status}`);
        }
      };
      const lanes = acked.map((_, lane) => publishLoop(lane));
      await waitFor(() => acked.flat().length >= 80, "80 acknowledged publishes", 30_000);
      await first.kill("SIGKILL");
      killed = true;
      await Promise.all(lanes);
      const heardBefore = live.updates().map((event) => event.lastEventId);
      await live.close();

      // The lock died with the process: the restart starts at once on the same file.
      const second = await start(args);
      const everything = track(await subscribe(second.endpoint, "topic=/crash", "earliest"));
      const stored = everything.updates().map((event) => event.lastEventId);
      expect(refused).toEqual([]);
      expect(new Set(stored).size, "no update stored twice").toBe(stored.length);
      for (const [lane, ids] of acked.entries()) {
        const places = ids.map((id) => stored.indexOf(id));
        expect(places.includes(-1), `every acknowledged update of publisher ${lane} is stored`).toBe(false);
        expect(places, `publisher ${lane}'s updates in the order acknowledged`).toEqual(
          [...places].sort((a, b) => a - b),
        );
      }
      // The live subscriber resumes from the last update it got and receives each update exactly once.
      const resumed = track(await subscribe(second.endpoint, "topic=/crash", heardBefore.at(-1)));
      expect([...heardBefore, ...resumed.updates().map((event) => event.lastEventId)]).toEqual(stored);
    },
    90_000,
  );

  it.skipIf(!hasNodeSqlite)(
    `keeps retained state, idempotency, resume counts and bounds across a graceful restart (${NO_SQLITE})`,
    async () => {
      const args = ["--store", store, "--history-size", "3", ...HUB_ARGS, "--log-level", "info"];
      const first = await start(args);
      expect((await publish(first.endpoint, "/state", "s1", [["retain", "on"]])).status).toBe(200);
      for (const id of ["a", "b", "c", "d"])
        expect((await publish(first.endpoint, "/feed", id)).status).toBe(200);
      const lastPublish = Date.now();
      const before = track(await subscribe(first.endpoint, "topic=/feed"));
      const position = before.events.find((event) => event.type === "ssehub-ready")!.lastEventId;
      expect(position).toMatch(/^#/);
      await stopGracefully(first);

      const second = await start(args);
      const fresh = track(await subscribe(second.endpoint, "topic=/state&topic=/feed"));
      expect(readyCounts(fresh)).toEqual({ replayed: 0, retained: 1 });
      expect(fresh.updates().map((event) => event.lastEventId)).toEqual(["s1"]);
      const resumed = track(await subscribe(second.endpoint, "topic=/feed", "b"));
      expect(readyCounts(resumed)).toEqual({ replayed: 2, retained: 0 });
      expect(resumed.updates().map((event) => event.lastEventId)).toEqual(["c", "d"]);
      // The count bound held across the restart: "a" was evicted.
      const gap = track(await subscribe(second.endpoint, "topic=/feed", "a"));
      expect(JSON.parse((await gap.waitForEvent("ssehub-gap")).data)).toEqual({
        lastEventId: "a",
        earliest: "b",
      });
      // A publisher retrying "d" after the restart is answered with its id and nothing is sent again.
      const repeat = await publish(second.endpoint, "/feed", "d");
      expect(repeat).toMatchObject({ status: 200, body: "d" });
      expect((await publish(second.endpoint, "/feed", "e")).status).toBe(200);
      expect((await fresh.waitForUpdates(2)).map((event) => event.lastEventId)).toEqual(["s1", "e"]);
      // The ready position handed out before the restart still names the same place in the same history.
      const fromPosition = track(await subscribe(second.endpoint, "topic=/feed", position));
      expect(readyCounts(fromPosition)).toEqual({ replayed: 1, retained: 0 });
      expect(fromPosition.updates().map((event) => event.lastEventId)).toEqual(["e"]);
      await stopGracefully(second);

      // Restarted with a shorter age bound, the history is older than it: resuming is a gap, the state stays.
      await waitFor(() => Date.now() > lastPublish + 50, "the updates to be older than 50 ms");
      const third = await start(["--store", store, "--history-max-age", "50ms", ...HUB_ARGS]);
      const late = track(await subscribe(third.endpoint, "topic=/state&topic=/feed", "c"));
      expect(late.events[0]).toMatchObject({ type: "ssehub-gap" });
      expect(readyCounts(late)).toEqual({ replayed: 0, retained: 1 });
    },
    60_000,
  );

  it.skipIf(!hasNodeSqlite)(
    `lets one process hold a store; a killed holder frees it at once (${NO_SQLITE})`,
    async () => {
      const args = ["--store", store, ...HUB_ARGS];
      const holder = await start(args);
      const second = await runToEnd(["serve", "--port", "0", ...args]);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain("is in use by another ssehub process");
      await holder.kill("SIGKILL");
      const next = await start(args);
      expect((await publish(next.endpoint, "/t", "after")).status).toBe(200);
    },
    60_000,
  );

  it.skipIf(!hasNodeSqlite)(
    `refuses a corrupt or foreign file with exit 2 and leaves it as it was (${NO_SQLITE})`,
    async () => {
      const foreign = join(folder.path, "app.db");
      await writeForeignDatabase(foreign);
      const corrupt = join(folder.path, "corrupt.db");
      writeFileSync(
        corrupt,
        new Uint8Array(8192).map((_, i) => (i * 31 + 7) % 256),
      );
      const cases = [
        [foreign, "another application"],
        [corrupt, "not an ssehub store"],
      ] as const;
      for (const [file, reason] of cases) {
        const before = readFileSync(file);
        const run = await runToEnd(["serve", "--port", "0", "--store", file, ...HUB_ARGS]);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(reason);
        expect(readFileSync(file).equals(before), `${file} unchanged`).toBe(true);
      }
      expect(readdirSync(folder.path).sort()).toEqual(["app.db", "corrupt.db"]);
    },
    60_000,
  );

  const asRoot = process.getuid?.() === 0;
  it.skipIf(!hasNodeSqlite || !asRoot)(
    `refuses a folder it cannot write, run as user nobody (${NO_SQLITE}; needs root to switch users)`,
    async () => {
      const locked = join(folder.path, "locked");
      mkdirSync(locked);
      chmodSync(folder.path, 0o755);
      chmodSync(locked, 0o755);
      const prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"];
      const env = { HOME: "/nonexistent", DENO_DIR: join(folder.path, "deno") };
      const run = await runToEnd(["serve", "--port", "0", "--store", join(locked, "hub.db"), ...HUB_ARGS], {
        prefix,
        env,
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain("must exist and be writable by this user");
      expect(readdirSync(locked)).toEqual([]);
    },
    60_000,
  );

  it.skipIf(hasNodeSqlite)("exits 2 naming the runtimes with SQLite (this runtime has none)", async () => {
    const run = await runToEnd(["serve", "--port", "0", "--store", store, ...HUB_ARGS]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/node:sqlite.*Node 22\.13 or later.*Deno 2\.2 or later, or Bun/);
    expect(readdirSync(folder.path)).toEqual([]);
  });

  it("refuses an empty --store", async () => {
    const empty = await runToEnd(["serve", "--port", "0", "--store", "", ...HUB_ARGS]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--store needs a file path");
  });
});
