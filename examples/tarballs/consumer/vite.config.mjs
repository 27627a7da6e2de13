import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

// Both pages in one build: the plain client page (.js) and the Solid page (.jsx, compiled by the plugin).
export default defineConfig({
  plugins: [solid()],
  logLevel: "warn",
  build: { rollupOptions: { input: ["client.html", "solid.html"] } },
});
