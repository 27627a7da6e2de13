// Deno entry point: `deno run -A --conditions=source src/server/main-deno.ts` (runs the TypeScript sources).
import { serve } from "@ssehub/server/deno";
import { runDashboard } from "./run.ts";

await runDashboard(serve);
