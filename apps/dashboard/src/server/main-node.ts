// Node entry point: `node dist/server/main-node.js` after `pnpm build`.
import { serve } from "@ssehub/server/node";
import { runDashboard } from "./run.ts";

await runDashboard(serve);
