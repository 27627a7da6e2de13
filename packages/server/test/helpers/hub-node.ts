// `ssehub serve --redis` processes: the nodes of a hub cluster in tests.
import { type CliProcess, cliEnv, startCli } from "../fixtures/cli-process.ts";
import { KEY } from "./tokens.ts";

export interface HubNode {
  cli: CliProcess;
  /** `http://127.0.0.1:port`. */
  url: string;
  port: number;
  /** The hub endpoint. */
  endpoint: string;
}

/** Starts a node on a free port, sharing `redisUrl` under `prefix`; resolves once it listens. */
export async function startNode(redisUrl: string, prefix: string, extra: string[] = []): Promise<HubNode> {
  const cli = startCli(
    ["serve", "--port", "0", "--allow-anonymous", "--redis", redisUrl, "--redis-prefix", prefix, ...extra],
    cliEnv({ SSEHUB_JWT_KEY: KEY, SSEHUB_LOG_LEVEL: "warn" }),
  );
  try {
    const [, url] = await cli.waitForStdout(/listening on (http:\/\/\S+)/);
    return { cli, url: url!, port: Number(new URL(url!).port), endpoint: `${url}/.well-known/mercure` };
  } catch (error) {
    cli.stop();
    throw error;
  }
}
