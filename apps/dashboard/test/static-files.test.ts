import assert from "node:assert/strict";
import { test } from "node:test";
import { serveStatic } from "../src/server/static-files.ts";

const files = new Map([
  ["index.html", "<!doctype html>"],
  ["assets/app-1234.js", "console.log(1)"],
]);
const read = async (path: string): Promise<Uint8Array | undefined> => {
  const text = files.get(path);
  return text === undefined ? undefined : new TextEncoder().encode(text);
};
const get = (path: string, method = "GET"): Promise<Response | undefined> =>
  serveStatic(new Request(`http://127.0.0.1${path}`, { method }), read);

test("/ is index.html, revalidated; hashed assets are cached for good", async () => {
  const index = await get("/");
  assert.equal(index?.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(index?.headers.get("cache-control"), "no-cache");
  assert.equal(await index?.text(), "<!doctype html>");
  const asset = await get("/assets/app-1234.js");
  assert.equal(asset?.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.match(asset?.headers.get("cache-control") ?? "", /immutable/);
  assert.equal(await (await get("/", "HEAD"))?.text(), "");
});

test("anything else is left to the hub: other methods, missing files, dot segments", async () => {
  assert.equal(await get("/", "POST"), undefined);
  assert.equal(await get("/missing.js"), undefined);
  assert.equal(await get("/.well-known/mercure"), undefined);
  assert.equal(await get("/assets/%2e%2e/%2e%2e/etc/passwd"), undefined);
  assert.equal(await get("/%E0%A4%A"), undefined);
});
