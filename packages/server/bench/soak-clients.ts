// The soak run's clients: SSE subscribers over node:http, decoded with @ssehub/protocol's parser, and a
// sequential publisher (one keep-alive connection, so updates reach the hub in the order they were sent).
import { Agent, type ClientRequest, get, type IncomingMessage, request } from "node:http";
import { createTextParser } from "@ssehub/protocol";

/** One subscriber stream: the sequence numbers it received, and how it ended. */
export interface SoakSubscriber {
  /** Sequence numbers of the updates received, in arrival order. */
  readonly received: number[];
  /** Resolves once `ssehub-ready` arrived. */
  readonly ready: Promise<void>;
  /** Closes the connection from this side. */
  close(): void;
}

/**
 * Opens a subscriber of `topic`. A `slow` one stops reading as soon as it is ready, so the hub's queue for it
 * fills and the hub must cut it without holding back the others.
 */
export function subscribe(port: number, topic: string, slow = false): SoakSubscriber {
  const received: number[] = [];
  let req: ClientRequest | undefined;
  let res: IncomingMessage | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const parser = createTextParser({
      onEvent(event) {
        if (event.type === "ssehub-ready") {
          if (slow) res?.pause();
          resolve();
        } else if (event.type === "message") {
          received.push(Number.parseInt(event.data, 10));
        }
      },
    });
    req = get(
      {
        host: "127.0.0.1",
        port,
        path: `/.well-known/mercure?topic=${encodeURIComponent(topic)}`,
        agent: false,
      },
      (response) => {
        res = response;
        if (response.statusCode !== 200) reject(new Error(`subscribe answered ${response.statusCode}`));
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => parser.feed(chunk));
      },
    );
    req.on("error", reject);
  });
  ready.catch(() => {});
  return {
    received,
    ready,
    close: () => req?.destroy(),
  };
}

/** Publishes updates one after the other over one keep-alive connection. */
export class SequentialPublisher {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #port: number;

  constructor(port: number) {
    this.#port = port;
  }

  /** Posts `data` to `topic` as JSON; rejects unless the hub answers 200. */
  publish(topic: string, data: string): Promise<void> {
    const body = JSON.stringify({ topic, data });
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: this.#port,
          method: "POST",
          path: "/.well-known/mercure",
          agent: this.#agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`publish answered ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Closes the connection, so the hub's descriptors can return to their baseline. */
  close(): void {
    this.#agent.destroy();
  }
}
