import type { TopicMatcher } from "@ssehub/protocol";
import { BoundedCache } from "./bounded-cache.ts";

interface PatternGroup<T> {
  readonly matcher: TopicMatcher;
  readonly members: Set<T>;
}

/** Default number of topics whose matching patterns are cached. */
export const DEFAULT_PATTERN_CACHE_SIZE = 10_000;
/** Default bytes of topic keys the pattern cache may hold (publishers choose the topics, and their length). */
export const DEFAULT_PATTERN_CACHE_BYTES = 8 * 1024 * 1024;

/** Bounds of the pattern cache. */
export interface PatternCacheBounds {
  /** Most topics cached. */
  entries?: number;
  /** Most bytes of topic keys cached, counted as 2 bytes per UTF-16 code unit (what a key costs in memory). */
  bytes?: number;
}

/**
 * Finds the members subscribed to a topic. Exact selectors cost one map lookup; `*` members are always
 * visited; pattern selectors are evaluated once per distinct topic, and the list of patterns that matched is
 * cached (bounded in topics and in bytes of topic keys, least recently used dropped first) until the set of
 * distinct patterns changes.
 */
export class TopicIndex<T> {
  readonly #exact = new Map<string, Set<T>>();
  readonly #wildcard = new Set<T>();
  readonly #patterns = new Map<string, PatternGroup<T>>();
  readonly #cache: BoundedCache<string, PatternGroup<T>[]>;

  constructor(bounds: PatternCacheBounds = {}) {
    this.#cache = new BoundedCache({
      maxEntries: bounds.entries ?? DEFAULT_PATTERN_CACHE_SIZE,
      maxWeight: bounds.bytes ?? DEFAULT_PATTERN_CACHE_BYTES,
      weigh: (topic) => topic.length * 2,
    });
  }

  /** Topics whose matching patterns are cached. */
  get cachedTopics(): number {
    return this.#cache.size;
  }

  /** Bytes of the cached topic keys. */
  get cachedTopicBytes(): number {
    return this.#cache.weight;
  }

  /** `baseURL`: what a URL-pattern `matcher` was compiled against (the same pattern may differ per base). */
  add(matcher: TopicMatcher, member: T, baseURL = ""): void {
    if (matcher.wildcard) {
      this.#wildcard.add(member);
    } else if (matcher.exact) {
      let members = this.#exact.get(matcher.pattern);
      if (members === undefined) {
        members = new Set();
        this.#exact.set(matcher.pattern, members);
      }
      members.add(member);
    } else {
      const key = patternKey(matcher, baseURL);
      let group = this.#patterns.get(key);
      if (group === undefined) {
        group = { matcher, members: new Set() };
        this.#patterns.set(key, group);
        this.#cache.clear();
      }
      group.members.add(member);
    }
  }

  remove(matcher: TopicMatcher, member: T, baseURL = ""): void {
    if (matcher.wildcard) {
      this.#wildcard.delete(member);
    } else if (matcher.exact) {
      const members = this.#exact.get(matcher.pattern);
      if (members?.delete(member) && members.size === 0) this.#exact.delete(matcher.pattern);
    } else {
      const key = patternKey(matcher, baseURL);
      const group = this.#patterns.get(key);
      if (group?.members.delete(member) && group.members.size === 0) {
        this.#patterns.delete(key);
        this.#cache.clear();
      }
    }
  }

  /** Calls `visit` for each member with a selector matching `topic` (a member may be visited more than once). */
  forEachMatch(topic: string, visit: (member: T) => void): void {
    const exact = this.#exact.get(topic);
    if (exact !== undefined) for (const member of exact) visit(member);
    for (const member of this.#wildcard) visit(member);
    if (this.#patterns.size === 0) return;
    for (const group of this.#matchingPatterns(topic)) for (const member of group.members) visit(member);
  }

  /** True when one of `member`'s selectors matches `topic`; patterns go through the same cache as dispatch. */
  has(topic: string, member: T): boolean {
    if (this.#wildcard.has(member) || this.#exact.get(topic)?.has(member)) return true;
    if (this.#patterns.size === 0) return false;
    for (const group of this.#matchingPatterns(topic)) if (group.members.has(member)) return true;
    return false;
  }

  #matchingPatterns(topic: string): PatternGroup<T>[] {
    let groups = this.#cache.get(topic);
    if (groups !== undefined) return groups;
    groups = [];
    for (const group of this.#patterns.values()) if (group.matcher(topic)) groups.push(group);
    this.#cache.set(topic, groups);
    return groups;
  }
}

function patternKey(matcher: TopicMatcher, baseURL: string): string {
  const base = matcher.kind === "urlpattern" ? baseURL : "";
  return `${matcher.kind}\n${base}\n${matcher.pattern}`;
}
