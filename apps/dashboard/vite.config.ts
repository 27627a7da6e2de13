import { defaultClientConditions, defineConfig } from "vite";
import solid from "vite-plugin-solid";

/** Where `pnpm dev` finds the dashboard server (started separately with `pnpm start`). */
const SERVER = process.env.SSEHUB_DEV_SERVER ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [solid()],
  // Workspace packages are bundled from their TypeScript sources, so the page never waits on their dist.
  resolve: { conditions: ["source", ...defaultClientConditions] },
  build: { outDir: "dist/public", emptyOutDir: true },
  // The dev server (hot reload of the page) forwards the app routes and the hub to the running server.
  server: { proxy: { "/api": SERVER, "/.well-known": SERVER } },
});
