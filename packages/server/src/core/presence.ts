import type { TopicMatcher, Update } from "@ssehub/protocol";
import type { SubscriberInfo } from "../types.ts";
import type { PresenceRecord } from "./cluster.ts";
import { randomUrn } from "./random-urn.ts";

/** Path of the subscriptions API and prefix of subscription event topics (Mercure "Active Subscriptions"). */
export const SUBSCRIPTIONS_PATH = "/.well-known/mercure/subscriptions";

/** `/.well-known/mercure/subscriptions/{selector}/{subscriber}`, each part percent-encoded once. */
export function subscriptionTopic(selector: string, subscriberId: string): string {
  return `${SUBSCRIPTIONS_PATH}/${encodeURIComponent(selector)}/${encodeURIComponent(subscriberId)}`;
}

/**
 * The JSON-LD document of one subscription. Draft-07 names the selector `topic`; draft-08 names it `match`
 * with its `match_type` (`exact` or `urlpattern`).
 */
export function subscriptionDocument(
  info: SubscriberInfo,
  selector: TopicMatcher,
  active: boolean,
): Record<string, unknown> {
  const document: Record<string, unknown> = {
    "@context": "https://mercure.rocks/",
    id: subscriptionTopic(selector.pattern, info.id),
    type: "Subscription",
  };
  if (info.draft === 8) {
    document.match_type = selector.kind === "urlpattern" ? "urlpattern" : "exact";
    document.match = selector.pattern;
  } else {
    document.topic = selector.pattern;
  }
  document.subscriber = info.id;
  document.active = active;
  if (info.payload !== undefined) document.payload = info.payload;
  return document;
}

/** The private update announcing that a subscription started or ended; draft-08 ones are `event: mercure`. */
export function presenceUpdate(info: SubscriberInfo, selector: TopicMatcher, active: boolean): Update {
  const update: Update = {
    topics: [subscriptionTopic(selector.pattern, info.id)],
    data: JSON.stringify(subscriptionDocument(info, selector, active)),
    id: randomUrn(),
    private: true,
    retain: false,
  };
  if (info.draft === 8) update.type = "mercure";
  return update;
}

/** What a shared broker keeps of an active subscription event: enough to list it, or to announce its end. */
export function presenceRecord(update: Update): PresenceRecord {
  const record: PresenceRecord = { topic: update.topics[0]!, data: update.data };
  if (update.type !== undefined) record.type = update.type;
  return record;
}

/** The subscription event ending a recorded subscription (its node left without saying so). */
export function inactiveUpdate(record: PresenceRecord): Update {
  const update: Update = {
    topics: [record.topic],
    data: JSON.stringify({ ...JSON.parse(record.data), active: false }),
    id: randomUrn(),
    private: true,
    retain: false,
  };
  if (record.type !== undefined) update.type = record.type;
  return update;
}
