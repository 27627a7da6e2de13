import { utf8Length } from "@ssehub/protocol";
import type { HubOptions } from "../types.ts";
import { badField, HubError } from "./errors.ts";

/** Default most topics one update may carry: 32. */
export const DEFAULT_MAX_TOPICS_PER_UPDATE = 32;
/** Default longest topic, in UTF-8 bytes: 2 KiB. */
export const DEFAULT_MAX_TOPIC_LENGTH = 2048;

/** How far a publisher may grow the topic index and the history with one update. */
export interface TopicLimits {
  maxTopicsPerUpdate: number;
  /** UTF-8 bytes. */
  maxTopicLength: number;
}

/**
 * The limits of `options`, defaults applied.
 * @throws {RangeError} naming the option when a limit is not a positive integer.
 */
export function topicLimits(options: Pick<HubOptions, keyof TopicLimits>): TopicLimits {
  const limits = {
    maxTopicsPerUpdate: options.maxTopicsPerUpdate ?? DEFAULT_MAX_TOPICS_PER_UPDATE,
    maxTopicLength: options.maxTopicLength ?? DEFAULT_MAX_TOPIC_LENGTH,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}

/** @throws {HubError} 400 `too-many-topics`, or 413 `topic-too-long`, naming the field `topic`. */
export function checkTopicLimits(topics: readonly string[], limits: TopicLimits): void {
  if (topics.length > limits.maxTopicsPerUpdate) {
    throw badField("topic", `at most ${limits.maxTopicsPerUpdate} topics per update`, "too-many-topics");
  }
  for (const topic of topics) {
    // Each UTF-16 unit is at least one byte: a topic longer in units is refused uncounted, so counting costs
    // at most the limit's length, however long the topic.
    if (topic.length > limits.maxTopicLength || utf8Length(topic) > limits.maxTopicLength) {
      throw new HubError(
        413,
        "topic-too-long",
        `a topic must be at most ${limits.maxTopicLength} bytes (UTF-8)`,
        "topic",
      );
    }
  }
}
