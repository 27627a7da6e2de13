import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, start } from "./processes.ts";

// Issue 13: every package as a user gets it. Each is packed with `pnpm pack`, the tarballs are installed
// together into a fresh project outside the workspace, and each is used there the way its README says.
// This catches what the workspace hides: files missing from a tarball, wrong `exports`, a dependency that
// only resolves because the monorepo hoists it.

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(exampleDir, "..", "..");
const PACKAGES = ["protocol", "server", "client"];
const RUNTIMES: Record<string, string[]> = {
  node: [process.execPath],
  bun: [join(root, "node_modules", "bun", "bin", "bun.exe")],
  deno: [join(root, "node_modules", "deno", "deno"), "run", "-A"],
};
// The third-party versions the workspace itself uses, so that npm finds them in its cache.
const THIRD_PARTY = {
  hono: "^4.13.19",
  "solid-js": "~1.9.19",
  vite: "~8.3.8",
  "vite-plugin-solid": "~2.11.14",
};

let project: string;

/**
 * The pnpm running this test script (pnpm sets `npm_execpath` for the scripts it runs), else the one the
 * workspace pins (`packageManager`), through npx as the README runs it.
 */
async function pnpm(): Promise<string[]> {
  const running = process.env.npm_execpath;
  if (running !== undefined && /pnpm\.c?js$/.test(running)) return [process.execPath, running];
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  return ["npx", "-y", manifest.packageManager];
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "ssehub-consumer-"));
  const tarballs = join(project, "tarballs");
  await mkdir(tarballs);
  const [command = "npx", ...pnpmArgs] = await pnpm();
  await Promise.all(
    PACKAGES.map((name) =>
      run(command, [...pnpmArgs, "pack", "--pack-destination", tarballs], join(root, "packages", name)),
    ),
  );
  const files = await readdir(tarballs);
  const dependencies: Record<string, string> = { ...THIRD_PARTY };
  for (const name of PACKAGES) {
    const file = files.find((f) => f.startsWith(`ssehub-${name}-`) && f.endsWith(".tgz"));
    if (file === undefined) throw new Error(`pnpm pack made no tarball for @ssehub/${name}: ${files}`);
    dependencies[`@ssehub/${name}`] = `file:tarballs/${file}`;
  }
  // The tarballs depend on each other by version (`^0.0.0`), which the registry must not satisfy: every
  // @ssehub/* anywhere in the tree is overridden with the project's own tarball dependency.
  const overrides = Object.fromEntries(PACKAGES.map((name) => [`@ssehub/${name}`, `$@ssehub/${name}`]));
  const manifest = { name: "ssehub-consumer", private: true, type: "module", dependencies, overrides };
  await writeFile(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  await cp(join(exampleDir, "consumer"), project, { recursive: true });
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    project,
    300_000,
  );
}, 400_000);

afterAll(async () => {
  if (project !== undefined) await rm(project, { recursive: true, force: true });
});

describe("the consumer project", () => {
  it("lies outside the workspace and got every @ssehub/* package from its tarball, once", async () => {
    expect(project.startsWith(root)).toBe(false);
    const lock = JSON.parse(await readFile(join(project, "package-lock.json"), "utf8"));
    const ssehub = Object.entries(lock.packages as Record<string, { resolved?: string; version?: string }>)
      .filter(([path]) => /(^|\/)node_modules\/@ssehub\//.test(path))
      .map(([path, entry]) => [path, entry.resolved])
      .sort();
    expect(ssehub).toEqual(
      [...PACKAGES]
        .sort()
        .map((name) => [
          `node_modules/@ssehub/${name}`,
          expect.stringMatching(new RegExp(`^file:tarballs/ssehub-${name}-[^/]+\\.tgz$`)),
        ]),
    );
  });
});

describe.each(Object.keys(RUNTIMES))("on %s", (runtime) => {
  const [command = "", ...args] = RUNTIMES[runtime] ?? [];

  it("@ssehub/protocol decodes a stream split inside characters and line ends", async () => {
    const { stdout } = await run(command, [...args, "protocol-decode.mjs"], project);
    expect(JSON.parse(stdout)).toEqual([
      { type: "greeting", lastEventId: "1", data: "café\n😀" },
      { type: "message", lastEventId: "2", data: "two" },
    ]);
  });

  it("@ssehub/server embedded in a Hono app serves a subscriber an update published by the app", async () => {
    const { stdout } = await run(command, [...args, "server-hono.mjs"], project);
    expect(stdout.trim()).toBe("received liked");
  });
});

describe("@ssehub/client", () => {
  it("in a Node script: subscribes and publishes with a signed token", async () => {
    const { stdout } = await run(process.execPath, ["client-node.mjs"], project);
    expect(stdout.trim()).toBe('received {"from":"node"}');
  });

  describe("bundled by Vite for the browser, plain and with the Solid binding", () => {
    let browser: Browser;
    let url: string;
    let stopServer = async (): Promise<void> => {};
    beforeAll(async () => {
      await run(process.execPath, [join("node_modules", "vite", "bin", "vite.js"), "build"], project);
      const server = await start(process.execPath, ["serve-pages.mjs"], project, /pages on (http:\/\/\S+)/);
      url = server.match;
      stopServer = server.stop;
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
      });
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await stopServer();
    });

    for (const [page, expected] of [
      ["client.html", "hello from the hub (retained: true)"],
      ["solid.html", "hello from the hub"],
    ]) {
      it(`${page} shows the hub's retained update`, async () => {
        const tab = await browser.newPage();
        try {
          await tab.goto(`${url}${page}`);
          await tab.waitForFunction(
            (want) => document.getElementById("out")?.textContent === want,
            expected,
            { timeout: 15_000 },
          );
          if (page === "solid.html") expect(await tab.getAttribute("#out", "data-state")).toBe("open");
        } finally {
          await tab.close();
        }
      });
    }
  });
});
