/** A subscription as every node of a cluster sees it: what its subscription events carry. */
export interface PresenceRecord {
  /** The topic of its subscription events: `/.well-known/mercure/subscriptions/{selector}/{subscriber}`. */
  topic: string;
  /** The JSON-LD subscription document while active (`"active": true`). */
  data: string;
  /** The type of its subscription events (`mercure` for draft-08 subscribers), if any. */
  type?: string;
}

/** One node's own figures, as it last reported them. */
export interface NodeFigures {
  /** The node's id (a label on per-node metrics). */
  node: string;
  connections: number;
  subscriptions: number;
  queuedBytes: number;
  updatesPublished: number;
  deliveries: number;
  slowConsumerDisconnects: number;
}

/** What a hub node lends its cluster membership: its figures, and what to do with a dead node's subscriptions. */
export interface ClusterLocal {
  figures(): Omit<NodeFigures, "node">;
  /** Subscriptions of a node that left without a goodbye (its lease expired); called on one survivor only. */
  orphaned(records: readonly PresenceRecord[]): void;
}

/**
 * Optional part of a broker shared by several hub nodes: each node holds its subscriptions and figures under a
 * lease, so every node can list all subscriptions and figures, and a node that dies without a goodbye has
 * its subscribers reported inactive by a survivor once its lease expires.
 */
export interface BrokerCluster {
  /** This node's id. */
  readonly node: string;
  /** Starts the lease; the hub calls it once. */
  start(local: ClusterLocal): void;
  /** A subscription this node now serves. */
  join(record: PresenceRecord): void;
  /** A subscription this node no longer serves, by its topic. */
  leave(topic: string): void;
  /** The active subscriptions of every live node. */
  subscriptions(): Promise<PresenceRecord[]>;
  /** Every live node's figures, from the last lease renewal (this node's included). */
  nodes(): readonly NodeFigures[];
}
