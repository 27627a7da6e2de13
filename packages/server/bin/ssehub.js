#!/usr/bin/env node
// Kept as plain JS so the bin link exists before the first build.
await import("../dist/cli/main.js");
