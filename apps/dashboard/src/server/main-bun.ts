// Bun entry point: `bun --conditions=source src/server/main-bun.ts` (runs the TypeScript sources).
import { serve } from "@ssehub/server/bun";
import { runDashboard } from "./run.ts";

await runDashboard(serve);
