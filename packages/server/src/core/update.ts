import type { Update } from "@ssehub/protocol";
import type { PublishInput } from "../types.ts";
import { badField, HubError } from "./errors.ts";
import { hasInvisible } from "./invisible.ts";
import { randomUrn } from "./random-urn.ts";
import { checkTopicLimits, type TopicLimits } from "./topic-limits.ts";
import { checkTopicMeaning } from "./topic-rules.ts";

/** Event types the hub uses itself: Mercure's subscription events and the ssehub markers. */
function isReservedType(type: string): boolean {
  return type === "mercure" || type.startsWith("ssehub-");
}

function checkFlag(input: PublishInput, flag: "private" | "retain"): void {
  if (input[flag] !== undefined && typeof input[flag] !== "boolean") {
    throw badField(flag, `${flag} must be a boolean`);
  }
}

/**
 * Checks a publish input and turns it into an {@link Update}; the id defaults to `urn:uuid:<random>`.
 * @throws {HubError} 400 (413 for a topic past its length limit) naming the field at fault.
 */
export function toUpdate(input: PublishInput, limits: TopicLimits): Update {
  const topics = typeof input.topics === "string" ? [input.topics] : input.topics;
  if (!Array.isArray(topics)) throw badField("topic", "topics must be a string or an array of strings");
  if (topics.length === 0) throw badField("topic", "at least one topic is required", "missing-field");
  for (const topic of topics) {
    if (typeof topic !== "string" || topic === "")
      throw badField("topic", "a topic must be a non-empty string");
  }
  checkTopicLimits(topics, limits);
  for (const topic of topics) {
    if (hasInvisible(topic)) throw badField("topic", "a topic must not contain control or format characters");
    checkTopicMeaning(topic);
  }
  const { data, id, type, retry } = input;
  if (data !== undefined && typeof data !== "string") throw badField("data", "data must be a string");
  if (id !== undefined) {
    if (typeof id !== "string" || id === "") throw badField("id", "id must be a non-empty string");
    // Mercure: `earliest` asks for the whole history, and `#…` are the hub's own resume positions.
    if (id.startsWith("#") || id === "earliest")
      throw badField("id", "id must not be earliest nor start with #");
    if (hasInvisible(id)) throw badField("id", "id must not contain control or format characters");
  }
  if (type !== undefined) {
    if (typeof type !== "string" || type === "") throw badField("type", "type must be a non-empty string");
    if (hasInvisible(type)) throw badField("type", "type must not contain control or format characters");
    if (isReservedType(type)) {
      throw new HubError(400, "reserved-type", `type "${type}" is reserved by the hub`, "type");
    }
  }
  if (retry !== undefined && (!Number.isSafeInteger(retry) || retry < 0)) {
    throw badField("retry", "retry must be a non-negative integer (ms)");
  }
  checkFlag(input, "private");
  checkFlag(input, "retain");
  const update: Update = {
    topics: topics.slice(),
    data: data ?? "",
    id: id ?? randomUrn(),
    private: input.private === true,
    retain: input.retain === true,
  };
  if (type !== undefined) update.type = type;
  if (retry !== undefined) update.retry = retry;
  return update;
}
