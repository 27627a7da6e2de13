import type { NodeFigures } from "../core/cluster.ts";
import type { HubStats } from "../types.ts";

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
export function prometheusText(stats: MetricFigures): string {
  let out = "";
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

/** A label value in the exposition format: backslash, double quote and line feed escaped. */
function labelValue(text: string): string {
  return text.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}
