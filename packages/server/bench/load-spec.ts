/** What the orchestrator asks of one load-generator run. */
export interface LoadSpec {
  target: string;
  /** Where publishes go, and subscribers unless `subscriberPorts` spreads them. */
  port: number;
  /** Subscribers are spread over these ports in turn (hub nodes sharing one broker). Default `[port]`. */
  subscriberPorts?: number[];
  serverPid: number;
  /** More processes whose CPU time and memory count with the server's (more hub nodes, Redis). */
  otherPids?: number[];
  subscribePath: string;
  publishPath: string;
  subscribers: number;
  payloadBytes: number;
  pacedUpdates: number;
  /** Updates per second in the paced phase. */
  pacedRate: number;
  burstUpdates: number;
  publishConcurrency: number;
  timeoutMs: number;
}

export interface PhaseFigures {
  updates: number;
  deliveries: number;
  complete: boolean;
  seconds: number;
  serverCpuMicros: number;
  loadgenCpuMicros: number;
}

/** What one load-generator run reports. */
export interface LoadResult {
  /** Bytes of server RSS added per connected idle subscriber. */
  rssPerIdleSubscriber: number;
  /** A steady publisher: latency in milliseconds. */
  paced: PhaseFigures & { p50: number; p99: number };
  /** A publisher as fast as it can go. */
  burst: PhaseFigures;
}
