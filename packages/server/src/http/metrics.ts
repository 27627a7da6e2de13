import type { NodeFigures } from "../core/cluster.ts";
import type { HubStats } from "../types.ts";
import { type RequestMetrics, residentBytes } from "./request-metrics.ts";

/** The figures a scrape reads: counters only, never a walk over the subscribers. */
export type MetricFigures = Omit<HubStats, "subscriptionsByTopic">;

type Metric = [
  name: string,
  type: "gauge" | "counter",
  help: string,
  value: (stats: MetricFigures) => number,
];

const METRICS: Metric[] = [
  ["ssehub_connections", "gauge", "Open subscriber streams.", (s) => s.connections],
  ["ssehub_subscriptions", "gauge", "Selectors over all open streams.", (s) => s.subscriptions],
  ["ssehub_updates_published_total", "counter", "Updates dispatched.", (s) => s.updatesPublished],
  ["ssehub_deliveries_total", "counter", "Updates written to subscriber queues.", (s) => s.deliveries],
  [
    "ssehub_slow_consumer_disconnects_total",
    "counter",
    "Subscribers closed because their queue passed the limit.",
    (s) => s.slowConsumerDisconnects,
  ],
  ["ssehub_history_size", "gauge", "Updates held in the history.", (s) => s.historySize],
  ["ssehub_history_bytes", "gauge", "Bytes of the updates held in the history.", (s) => s.historyBytes],
  ["ssehub_retained_topics", "gauge", "Topics with a retained update.", (s) => s.retainedTopics],
  ["ssehub_queued_bytes", "gauge", "Bytes waiting in subscriber queues.", (s) => s.queuedBytes],
  [
    "ssehub_written_bytes_total",
    "counter",
    "Bytes written to subscriber connections.",
    (s) => s.writtenBytes,
  ],
];

type NodeMetric = [
  name: string,
  type: "gauge" | "counter",
  help: string,
  value: (node: NodeFigures) => number,
];

// On a broker shared by several nodes: each live node's own figures, labelled by node (the same on every node).
const NODE_METRICS: NodeMetric[] = [
  ["ssehub_node_connections", "gauge", "Open subscriber streams, per hub node.", (n) => n.connections],
  [
    "ssehub_node_subscriptions",
    "gauge",
    "Selectors over open streams, per hub node.",
    (n) => n.subscriptions,
  ],
  [
    "ssehub_node_deliveries_total",
    "counter",
    "Updates written to subscriber queues, per hub node.",
    (n) => n.deliveries,
  ],
];

/** The hub's figures in the Prometheus text exposition format (version 0.0.4). */
export function prometheusText(stats: MetricFigures, requests: RequestMetrics): string {
  let out = requestText(requests);
  out += head("ssehub_connections_by_draft", "gauge", "Open subscriber streams by protocol draft.");
  for (const draft of [7, 8] as const)
    out += `ssehub_connections_by_draft{draft="${draft}"} ${stats.connectionsByDraft[draft]}\n`;
  for (const [name, type, help, value] of METRICS) {
    out += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value(stats)}\n`;
  }
  for (const [name, type, help, value] of stats.cluster ? NODE_METRICS : []) {
    out += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
    for (const node of stats.cluster!.nodes)
      out += `${name}{node="${labelValue(node.node)}"} ${value(node)}\n`;
  }
  return out;
}

function requestText(requests: RequestMetrics): string {
  let out = head(
    "ssehub_requests_refused_total",
    "counter",
    "Requests answered with an error, by status and reason.",
  );
  for (const [key, count] of requests.refusals) {
    const [status, reason] = key.split(" ");
    out += `ssehub_requests_refused_total{status="${status}",reason="${labelValue(reason!)}"} ${count}\n`;
  }
  out += head(
    "ssehub_publish_duration_seconds",
    "histogram",
    "From a publish request received to its id answered.",
  );
  out += requests.publishSeconds.lines("ssehub_publish_duration_seconds");
  out += head(
    "ssehub_broker_publish_duration_seconds",
    "histogram",
    "How long the broker took to store an update.",
  );
  out += requests.brokerSeconds.lines("ssehub_broker_publish_duration_seconds");
  out += head("ssehub_event_loop_delay_seconds", "gauge", "How late the last event-loop probe timer fired.");
  out += `ssehub_event_loop_delay_seconds ${requests.loopDelay.seconds}\n`;
  const rss = residentBytes();
  if (rss !== undefined) {
    out += head("ssehub_process_resident_memory_bytes", "gauge", "Resident set size of the hub's process.");
    out += `ssehub_process_resident_memory_bytes ${rss}\n`;
  }
  return out;
}

function head(name: string, type: string, help: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}

/** A label value in the exposition format: backslash, double quote and line feed escaped. */
function labelValue(text: string): string {
  return text.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}
