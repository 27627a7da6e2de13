import { expect, it } from "vitest";
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

it("/ is index.html, revalidated; hashed assets are cached for good", async () => {
  const index = await get("/");
  expect(index?.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(index?.headers.get("cache-control")).toBe("no-cache");
  expect(await index?.text()).toBe("<!doctype html>");
  const asset = await get("/assets/app-1234.js");
  expect(asset?.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  expect(asset?.headers.get("cache-control") ?? "").toMatch(/immutable/);
  expect(await (await get("/", "HEAD"))?.text()).toBe("");
});

it("anything else is left to the hub: other methods, missing files, dot segments", async () => {
  expect(await get("/", "POST")).toBe(undefined);
  expect(await get("/missing.js")).toBe(undefined);
  expect(await get("/.well-known/mercure")).toBe(undefined);
  expect(await get("/assets/%2e%2e/%2e%2e/etc/passwd")).toBe(undefined);
  expect(await get("/%E0%A4%A")).toBe(undefined);
});
