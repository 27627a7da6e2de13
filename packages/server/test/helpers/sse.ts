// Reads a subscriber stream with the protocol package's decoder.
import { createParser, type ParsedEvent } from "@ssehub/protocol";
import { waitFor } from "./runtime.ts";

export interface Stream {
  response: Response;
  events: ParsedEvent[];
  /** Updates only (no ssehub-ready / ssehub-gap markers). */
  updates(): ParsedEvent[];
  comments: string[];
  retries: number[];
  /** Raw text received so far. */
  text(): string;
  ended(): boolean;
  /** Waits until at least `count` updates arrived. */
  waitForUpdates(count: number, timeoutMs?: number): Promise<ParsedEvent[]>;
  waitForEvent(type: string, timeoutMs?: number): Promise<ParsedEvent>;
  waitForEnd(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MARKERS = new Set(["ssehub-ready", "ssehub-gap"]);

/** Opens a stream; resolves with the response (status checked by the caller) and reads it in the background. */
export async function openStream(url: string, init: RequestInit = {}): Promise<Stream> {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const events: ParsedEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  let raw = "";
  let done = response.body === null;
  const parser = createParser({
    onEvent: (event) => events.push(event),
    onComment: (text) => comments.push(text),
    onRetry: (ms) => retries.push(ms),
  });
  const decoder = new TextDecoder();
  const reading = (async () => {
    if (response.body === null) return;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        raw += decoder.decode(value, { stream: true });
        parser.feed(value);
      }
    } catch {
      // Aborted by close(), or the hub cut the connection: either way the stream is over.
    } finally {
      done = true;
    }
  })();
  const updates = () => events.filter((event) => !MARKERS.has(event.type));
  return {
    response,
    events,
    updates,
    comments,
    retries,
    text: () => raw,
    ended: () => done,
    async waitForUpdates(count, timeoutMs) {
      await waitFor(
        () => updates().length >= count,
        `${count} updates (have ${updates().length})`,
        timeoutMs,
      );
      return updates();
    },
    async waitForEvent(type, timeoutMs) {
      await waitFor(() => events.some((event) => event.type === type), `event ${type}`, timeoutMs);
      return events.find((event) => event.type === type)!;
    },
    async waitForEnd(timeoutMs) {
      await waitFor(() => done, "the end of the stream", timeoutMs);
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

/** A form publish; returns status and body text. */
export async function postForm(
  endpoint: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** A JSON publish; returns status and body text. */
export async function postJson(
  endpoint: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}
