// A hand-written HTTP/1.1 request over a raw TCP socket (node:net runs on Node, Bun and Deno): for requests a
// fetch client cannot make, such as headers that never end or a body shorter than its Content-Length.
import { connect, type Socket } from "node:net";
import { waitFor } from "./runtime.ts";

export interface RawRequest {
  socket: Socket;
  /** Everything received so far, as Latin-1 text. */
  received(): string;
  /** True once the server closed the connection (or it failed). */
  closed(): boolean;
  /** Waits for the status line and returns the status. */
  status(timeoutMs?: number): Promise<number>;
  /** Sends more bytes. */
  write(text: string): void;
  close(): void;
}

/** Connects to `url`'s host and writes `head` (which may stop anywhere, even inside the headers). */
export function rawRequest(url: string, head: string): Promise<RawRequest> {
  const { hostname, port } = new URL(url);
  let text = "";
  let closed = false;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(head);
      resolve({
        socket,
        received: () => text,
        closed: () => closed,
        async status(timeoutMs = 5000) {
          await waitFor(() => /^HTTP\/1\.1 \d{3}/.test(text), "an HTTP status line", timeoutMs);
          return Number(text.slice(9, 12));
        },
        write: (more) => socket.write(more),
        close: () => socket.destroy(),
      });
    });
    socket.once("error", (error) => {
      closed = true;
      reject(error);
    });
    socket.on("close", () => {
      closed = true;
    });
    socket.on("data", (data: Uint8Array) => {
      text += new TextDecoder("latin1").decode(data);
    });
  });
}
