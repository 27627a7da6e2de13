import type { CounterOperation, PageConfig, PublishRequest } from "../shared/feed.ts";

/** Asks the server to change the counter; the new value arrives over SSE like everyone else's. */
export async function postCounter(operation: CounterOperation): Promise<void> {
  await request(`/api/counter/${operation}`, { method: "POST" });
}

/** Asks the server to publish an update (only when it runs with `--publish-form`); resolves to its id. */
export async function postPublish(update: PublishRequest): Promise<string> {
  const answer = await request("/api/publish", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(update),
  });
  return (answer as { id: string }).id;
}

/** What the server lets the page show; without an answer (server restarting), the plain page. */
export async function getPageConfig(): Promise<PageConfig> {
  try {
    return (await request("/api/config", {})) as PageConfig;
  } catch {
    // A resource in error throws where it is read; the optional form is not worth breaking the page for.
    return { publishForm: false };
  }
}

async function request(path: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(path, init);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { message?: unknown } | undefined)?.message;
    throw new Error(typeof message === "string" ? message : `${response.status} ${response.statusText}`);
  }
  return body;
}
