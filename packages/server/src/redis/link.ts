import { createClient } from "redis";
import { backoff } from "./backoff.ts";

type Client = ReturnType<typeof newClient>;
type Reply = unknown;

/** Options of a {@link Link}. */
export interface LinkOptions {
  url: string;
  /** Longest wait for a connection to open, ms. */
  connectTimeout: number;
  /** Called with what went wrong on the connection (it reconnects on its own). */
  onError: (error: Error) => void;
}

/**
 * One Redis connection that keeps itself up: node-redis reconnects after a drop (backoff with jitter), and a
 * command that outlives its timeout (a half-open connection answers nothing and raises no error) replaces
 * the client. Commands are never queued while disconnected: they reject at once, so a publish is refused
 * rather than held.
 */
export class Link {
  readonly #options: LinkOptions;
  #client: Client;
  readonly #shas = new Map<string, string>();
  #closed = false;

  constructor(options: LinkOptions) {
    this.#options = options;
    this.#client = this.#open();
  }

  get ready(): boolean {
    return !this.#closed && this.#client.isReady;
  }

  /** Resolves once connected; rejects when `timeoutMs` passed first. */
  async connected(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; !this.ready; attempt++) {
      if (this.#closed) throw new Error("the Redis link is closed");
      if (Date.now() > deadline) {
        throw Object.assign(new Error(`no connection to Redis within ${timeoutMs} ms`), {
          code: "REDIS_UNREACHABLE",
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(backoff(attempt), 200)));
    }
  }

  /**
   * Sends one command. After `timeoutMs` without an answer the connection is presumed dead (a half-open
   * connection answers nothing and raises no error; node-redis's own command timeout does not cover a
   * command already written): the client is destroyed, which rejects the command, and replaced.
   */
  async send(args: string[], timeoutMs: number): Promise<Reply> {
    const client = this.#client;
    if (!client.isReady) throw new Error("not connected to Redis");
    const watchdog = setTimeout(() => {
      if (client === this.#client && !this.#closed) this.#replace();
    }, timeoutMs);
    try {
      return await client.sendCommand(args);
    } finally {
      clearTimeout(watchdog);
    }
  }

  /** Runs a Lua script by its SHA1, loading it first when the server does not have it (new or restarted). */
  async script(source: string, keys: string[], args: string[], timeoutMs: number): Promise<Reply> {
    const sha = await this.#sha(source);
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.send(["EVALSHA", sha, ...tail], timeoutMs);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith("NOSCRIPT")) throw error;
      return await this.send(["EVAL", source, ...tail], timeoutMs);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.destroy();
  }

  #open(): Client {
    const client = newClient(this.#options);
    // Without an 'error' listener an emitter error ends the process when Redis goes away.
    client.on("error", (error: Error) => this.#options.onError(error));
    client.connect().catch((error: unknown) => {
      if (!this.#closed) this.#options.onError(error as Error);
    });
    return client;
  }

  #replace(): void {
    this.#options.onError(new Error("Redis did not answer in time; reconnecting"));
    this.#client.destroy();
    this.#client = this.#open();
  }

  async #sha(source: string): Promise<string> {
    let sha = this.#shas.get(source);
    if (sha === undefined) {
      const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(source));
      sha = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
      this.#shas.set(source, sha);
    }
    return sha;
  }
}

function newClient(options: LinkOptions) {
  return createClient({
    url: options.url,
    RESP: 2,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeout,
      reconnectStrategy: (retries: number) => backoff(retries),
    },
  });
}
