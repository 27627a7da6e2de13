#!/usr/bin/env node
// Kept as plain JS so the bin link exists before the first build.
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  console.error("ssehub is not built yet: run `pnpm build` at the repository root first.");
  process.exit(1);
}
await import(main.href);
