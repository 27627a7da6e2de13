import { createRoot } from "solid-js";
import { afterAll, expect, it } from "vitest";
import { createSubscription } from "../src/solid/index.ts";
import { rawServer, sse } from "./helpers/raw-server.ts";
import { waitFor } from "./helpers/wait.ts";

const server = await rawServer((_request, response) => {
  sse(response, [
    "id: 1\nevent: counter\ndata: 1\n\n",
    "id: 2\nevent: counter\ndata: 2\n\n",
    "id: 3\ndata: 3\n\n",
  ]);
});
afterAll(() => server.close());

it("createSubscription: latest, the kept updates and the state; the owner's cleanup closes it", async () => {
  const { resource, dispose } = createRoot((dispose) => ({
    resource: createSubscription(server.origin, { topics: "t", keep: 2 }),
    dispose,
  }));
  expect(resource.state()).toBe("connecting");
  await waitFor(() => resource.latest()?.id === "3", "the third update");
  expect(resource.updates.map((u) => u.id)).toStrictEqual(["2", "3"]);
  expect(resource.state()).toBe("open");
  expect(resource.error()).toBe(undefined);
  dispose();
  expect(resource.subscription.state).toBe("closed");
  expect(resource.state()).toBe("closed");
});
