import type { HubOptions } from "@ssehub/server";
import type { RecentUpdate } from "../shared/feed.ts";

const PREVIEW_LENGTH = 120;

/** The hub's update as its `onPublish` hook hands it over. */
type Update = Parameters<NonNullable<HubOptions["onPublish"]>>[0];

export interface RecentUpdates {
  /** Records an update the hub dispatched (wire it to the hub's `onPublish`). */
  record(update: Update): void;
  /** The kept updates, oldest first. */
  list(): RecentUpdate[];
}

/**
 * Keeps the last `limit` updates the hub dispatched, for the dashboard's log. Private updates and those on
 * the ignored topic (the stats feed, which would otherwise fill the log once a second) are skipped.
 */
export function createRecentUpdates(options: {
  limit: number;
  ignoreTopic: string;
  now?: () => number;
}): RecentUpdates {
  const { limit, ignoreTopic, now = Date.now } = options;
  const kept: RecentUpdate[] = [];
  return {
    record(update) {
      // The log travels on a public topic: a private update must not leak through it.
      if (update.private || update.topics[0] === ignoreTopic) return;
      kept.push({
        id: update.id,
        topics: [...update.topics],
        type: update.type ?? "message",
        at: now(),
        preview: update.data.slice(0, PREVIEW_LENGTH),
        size: update.data.length,
      });
      if (kept.length > limit) kept.splice(0, kept.length - limit);
    },
    list: () => [...kept],
  };
}
