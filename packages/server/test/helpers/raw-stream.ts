// A subscriber over a raw TCP socket (node:net runs on Node, Bun and Deno): no client connection pool limits
// (Bun's fetch allows 256 at once), and a reader that can stop reading for real (socket.pause()).
import { connect, type Socket } from "node:net";
import { createParser, type ParsedEvent } from "@ssehub/protocol";

export interface RawStream {
  socket: Socket;
  status(): number;
  events: ParsedEvent[];
  ended(): boolean;
  /** True once the chunked body ended with its last (empty) chunk: a clean end, not a cut. */
  complete(): boolean;
  close(): void;
}

/** Opens `GET path` on `url`'s host; decodes the chunked body with the protocol parser. */
export function openRawStream(url: string, path: string): Promise<RawStream> {
  const { hostname, port } = new URL(url);
  const events: ParsedEvent[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const body = new ChunkedBody((bytes) => parser.feed(bytes));
  let head = "";
  let status = 0;
  let ended = false;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.once("error", reject);
    socket.on("close", () => {
      ended = true;
    });
    socket.on("data", (data: Uint8Array) => {
      if (status !== 0) {
        body.feed(data);
        return;
      }
      head += new TextDecoder("latin1").decode(data);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      status = Number(head.slice(9, 12));
      const headerBytes = end + 4;
      body.feed(data.subarray(headerBytes));
      resolve({
        socket,
        status: () => status,
        events,
        ended: () => ended,
        complete: () => body.complete,
        close: () => socket.destroy(),
      });
    });
  });
}

/** Decodes `Transfer-Encoding: chunked` incrementally. */
class ChunkedBody {
  complete = false;
  #pending = new Uint8Array(0);
  readonly #onData: (bytes: Uint8Array) => void;

  constructor(onData: (bytes: Uint8Array) => void) {
    this.#onData = onData;
  }

  feed(data: Uint8Array): void {
    const joined = new Uint8Array(this.#pending.length + data.length);
    joined.set(this.#pending);
    joined.set(data, this.#pending.length);
    let offset = 0;
    for (;;) {
      const lineEnd = indexOfCrlf(joined, offset);
      if (lineEnd === -1) break;
      const size = Number.parseInt(new TextDecoder().decode(joined.subarray(offset, lineEnd)), 16);
      const start = lineEnd + 2;
      if (joined.length < start + size + 2) break;
      if (size > 0) this.#onData(joined.slice(start, start + size));
      else this.complete = true;
      offset = start + size + 2;
    }
    this.#pending = joined.slice(offset);
  }
}

function indexOfCrlf(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 13 && bytes[i + 1] === 10) return i;
  return -1;
}
