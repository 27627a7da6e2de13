import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createRoot } from "solid-js";
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
after(() => server.close());

test("createSubscription: latest, the kept updates and the state; the owner's cleanup closes it", async () => {
  const { resource, dispose } = createRoot((dispose) => ({
    resource: createSubscription(server.origin, { topics: "t", keep: 2 }),
    dispose,
  }));
  assert.equal(resource.state(), "connecting");
  await waitFor(() => resource.latest()?.id === "3", "the third update");
  assert.deepEqual(
    resource.updates.map((u) => u.id),
    ["2", "3"],
  );
  assert.equal(resource.state(), "open");
  assert.equal(resource.error(), undefined);
  dispose();
  assert.equal(resource.subscription.state, "closed");
  assert.equal(resource.state(), "closed");
});
