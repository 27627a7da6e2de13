// The standard's parser, the same on every runtime, from the polyfill's entry point that installs nothing.
// Native URLPatterns are not used: this package reads back the component patterns they print, and Node 24's
// prints some wrongly (`{/a:b}?` as `/a:b?`, another pattern). Their matching is never used either way.
import { URLPattern as Polyfill } from "urlpattern-polyfill/urlpattern";
import { SseError } from "../errors.ts";
import { CharClass, type CharClassId } from "./char-class.ts";
import type { CompiledTest } from "./types.ts";
import { compileComponent } from "./url-pattern-component.ts";
import { type ComponentOptions, parseComponentPattern } from "./url-pattern-parts.ts";

// Its type declarations predate `hasRegExpGroups`, which it implements.
const URLPatternClass = Polyfill as unknown as typeof URLPattern;

/** Base for relative patterns and topics when the caller gives none (Mercure resolves them against the hub). */
export const DEFAULT_BASE_URL = "https://hub.invalid/";

const COMPONENTS = [
  "protocol",
  "username",
  "password",
  "hostname",
  "port",
  "pathname",
  "search",
  "hash",
] as const;

type Component = (typeof COMPONENTS)[number];

type TopicComponents = Record<Component, string>;

type ComponentTests = Record<Component, (value: string) => boolean>;

const SPECIAL_SCHEMES = ["ftp", "file", "http", "https", "ws", "wss"];

/** The standard's default options: no delimiter, no prefix; a segment wildcard takes anything non-empty. */
const DEFAULT_OPTIONS: ComponentOptions = { delimiter: "", prefix: "" };
const HOSTNAME_OPTIONS: ComponentOptions = { delimiter: ".", prefix: "" };
const PATHNAME_OPTIONS: ComponentOptions = { delimiter: "/", prefix: "/" };

function invalid(pattern: string, why: string): SseError {
  return new SseError("invalid-selector", `URL pattern refused (${why}): ${pattern}`);
}

/**
 * Text that URL Pattern implementations encode differently, or into nothing: a search's leading `?` and a
 * hash's leading `#` (dropped by some, kept by others; an empty part then prints ambiguously: `:a` + `` +
 * `*` reads back as `:a*`), and control characters (tab and newlines are dropped from fixed text).
 * Refused rather than read one way of several.
 */
function refuseAmbiguousText(pattern: string): void {
  for (let i = 0; i < pattern.length; i++) {
    const unit = pattern.charCodeAt(i);
    if (unit < 0x20 || unit === 0x7f) throw invalid(pattern, "control character");
  }
  if (
    pattern.includes("\\?") ||
    pattern.includes("\\#") ||
    pattern.indexOf("#") !== pattern.lastIndexOf("#")
  ) {
    throw invalid(pattern, "an escaped ? or #, or a second #");
  }
}

function segmentClass(options: ComponentOptions): CharClassId {
  if (options.delimiter === "/") return CharClass.notSlash;
  return options.delimiter === "." ? CharClass.notDot : CharClass.any;
}

// The topic index tests one topic against every URL pattern in turn: the last topic parsed is kept, so it
// is parsed once rather than once per pattern.
let lastTopic: string | undefined;
let lastBase: string | undefined;
let lastComponents: TopicComponents | undefined;

/** The values URLPattern matches a topic's components against (standard: "match"), or undefined when the
 * topic is not a URL. */
function componentsOf(topic: string, baseURL: string): TopicComponents | undefined {
  if (topic === lastTopic && baseURL === lastBase) return lastComponents;
  let components: TopicComponents | undefined;
  try {
    const url = new URL(topic, baseURL);
    components = {
      protocol: url.protocol.slice(0, -1),
      username: url.username,
      password: url.password,
      hostname: url.hostname,
      port: url.port,
      pathname: url.pathname,
      search: url.search.slice(1),
      hash: url.hash.slice(1),
    };
  } catch {
    components = undefined;
  }
  lastTopic = topic;
  lastBase = baseURL;
  lastComponents = components;
  return components;
}

/** One test per component of a parsed pattern, and their states. */
function compileComponents(
  pattern: string,
  parsed: URLPattern,
  maxStates: number,
): { tests: ComponentTests; states: number } {
  let states = 0;
  const compile = (component: Component, options: ComponentOptions): ((value: string) => boolean) => {
    const compiled = compileComponent(
      parseComponentPattern(parsed[component], options),
      segmentClass(options),
      maxStates - states,
    );
    states += compiled.states;
    return compiled.test;
  };
  const tests = {} as ComponentTests;
  for (const component of COMPONENTS) {
    if (component !== "pathname") {
      tests[component] = compile(component, component === "hostname" ? HOSTNAME_OPTIONS : DEFAULT_OPTIONS);
    }
  }
  // A path has `/` segments under a special scheme (the standard decides by matching the protocol component
  // against them). Other schemes' paths are read differently by each implementation: refused.
  if (!SPECIAL_SCHEMES.some(tests.protocol))
    throw invalid(pattern, "no special scheme such as https matches");
  tests.pathname = compile("pathname", PATHNAME_OPTIONS);
  return { tests, states };
}

/** Kept apart from the compilation so that the test holds only the component tests, not the URLPattern. */
function componentsTest(tests: ComponentTests, baseURL: string): (topic: string) => boolean {
  return (topic) => {
    const components = componentsOf(topic, baseURL);
    return (
      components !== undefined && COMPONENTS.every((component) => tests[component](components[component]))
    );
  };
}

/**
 * Compiles a WHATWG URL Pattern into a test of topics. URLPattern (urlpattern-polyfill's) only parses and
 * canonicalises the pattern; each component's canonical pattern is compiled into an automaton (see
 * automaton.ts), and URLPattern's backtracking regular expressions are never run. A topic is parsed as a
 * URL, resolved against `baseURL` when relative, as URLPattern's `test(topic, baseURL)` does. A relative
 * pattern (starting with `/`) is resolved against `baseURL` too.
 * @param maxStates most automaton states the pattern may take, all components together.
 * @throws {SseError} `invalid-selector` when the pattern does not parse, or has text implementations read
 * differently (see refuseAmbiguousText), or matches no special scheme; `selector-regexp-group` when it has
 * custom regular-expression groups (never run); {@link StateLimitError} beyond `maxStates`.
 */
export function compileUrlPattern(pattern: string, baseURL: string, maxStates: number): CompiledTest {
  refuseAmbiguousText(pattern);
  let parsed: URLPattern;
  try {
    parsed = pattern.startsWith("/") ? new URLPatternClass(pattern, baseURL) : new URLPatternClass(pattern);
  } catch (cause) {
    throw new SseError("invalid-selector", `invalid URL pattern: ${pattern}`, { cause });
  }
  if (parsed.hasRegExpGroups) {
    throw new SseError(
      "selector-regexp-group",
      `URL pattern with regular-expression groups refused: ${pattern}`,
    );
  }
  const { tests, states } = compileComponents(pattern, parsed, maxStates);
  return { states, test: componentsTest(tests, baseURL) };
}
