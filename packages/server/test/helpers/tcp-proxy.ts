// A TCP relay on a loopback port, for cutting a node off from Redis or balancing clients over hub nodes.
import { createConnection, createServer, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Closes every relayed connection and refuses new ones until {@link restore}. */
  cut(): void;
  /** Keeps every connection open but forwards nothing, in either direction: a half-open network. */
  freeze(): void;
  /** Back to relaying (frozen connections are closed, so their ends reconnect). */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Relays each connection to the first of `targets()` (ports on 127.0.0.1) that accepts it: with several, a
 * balancer that fails over when the first stops answering.
 */
export async function startTcpProxy(targets: () => number[]): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket | undefined]>();
  let mode: "relay" | "cut" | "freeze" = "relay";
  const server = createServer((client) => {
    client.on("error", () => {});
    if (mode === "cut") {
      client.destroy();
      return;
    }
    const pair: [Socket, Socket | undefined] = [client, undefined];
    pairs.add(pair);
    client.once("close", () => {
      pairs.delete(pair);
      pair[1]?.destroy();
    });
    if (mode === "freeze") {
      client.pause();
      return;
    }
    connect(client, targets(), pair);
  });
  function connect(client: Socket, ports: number[], pair: [Socket, Socket | undefined]): void {
    const [port, ...rest] = ports;
    if (port === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: "127.0.0.1", port });
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      pair[1] = upstream;
      if (mode === "freeze") return;
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on("error", () => {
      if (!connected) connect(client, rest, pair);
    });
    upstream.once("close", () => {
      if (connected) client.destroy();
    });
  }
  function closeAll(): void {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream?.destroy();
    }
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    cut() {
      mode = "cut";
      closeAll();
    },
    freeze() {
      mode = "freeze";
      for (const [client, upstream] of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    restore() {
      if (mode === "freeze") closeAll();
      mode = "relay";
    },
    async close() {
      mode = "cut";
      closeAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
