import { defaultClientConditions, defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  plugins: [solid()],
  // Workspace packages are bundled from their TypeScript sources, so the page never waits on their dist.
  resolve: { conditions: ["source", ...defaultClientConditions] },
  build: { outDir: "dist/public", emptyOutDir: true },
});
