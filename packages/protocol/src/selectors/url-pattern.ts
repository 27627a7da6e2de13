import { SseError } from "../errors.ts";
import { CharClass, type CharClassId } from "./char-class.ts";
import type { CompiledTest } from "./types.ts";
import { URLPatternClass } from "./url-pattern-class.ts";
import { compileComponent } from "./url-pattern-component.ts";
import { type ComponentOptions, parseComponentPattern } from "./url-pattern-parts.ts";

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

const SPECIAL_SCHEMES = ["ftp", "file", "http", "https", "ws", "wss"];

/** The standard's default options: no delimiter, no prefix; a segment wildcard takes anything non-empty. */
const DEFAULT_OPTIONS: ComponentOptions = { delimiter: "", prefix: "", textMayVanish: false };
const VANISHING_TEXT_OPTIONS: ComponentOptions = { ...DEFAULT_OPTIONS, textMayVanish: true };
const HOSTNAME_OPTIONS: ComponentOptions = { delimiter: ".", prefix: "", textMayVanish: false };
const PATHNAME_OPTIONS: ComponentOptions = { delimiter: "/", prefix: "/", textMayVanish: false };

/** Encoding drops ASCII tab and newlines from fixed text, which could leave an empty part (see
 * ComponentOptions.textMayVanish); no control character belongs in a URL pattern. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === 0x7f) return true;
  }
  return false;
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

type ComponentTests = Record<Component, (value: string) => boolean>;

/** One test per component of a parsed pattern; `vanishing`: see ComponentOptions.textMayVanish. */
function compileComponents(
  parsed: URLPattern,
  vanishing: boolean,
  maxStates: number,
): { tests: ComponentTests; states: number } {
  const mayVanish = vanishing ? VANISHING_TEXT_OPTIONS : DEFAULT_OPTIONS;
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
    if (component === "pathname") continue;
    const options =
      component === "hostname"
        ? HOSTNAME_OPTIONS
        : component === "search" || component === "hash"
          ? mayVanish
          : DEFAULT_OPTIONS;
    tests[component] = compile(component, options);
  }
  // A path has segments only under a special scheme; the standard decides by matching the protocol
  // component against them.
  tests.pathname = compile("pathname", SPECIAL_SCHEMES.some(tests.protocol) ? PATHNAME_OPTIONS : mayVanish);
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
 * Compiles a WHATWG URL Pattern into a test of topics. URLPattern (the runtime's, or the polyfill) only
 * parses and canonicalises the pattern; each component's canonical pattern is compiled into an automaton
 * (see automaton.ts), and URLPattern's backtracking regular expressions are never run. A topic is parsed as
 * a URL, resolved against `baseURL` when relative, as URLPattern's `test(topic, baseURL)` does. A relative
 * pattern (starting with `/`) is resolved against `baseURL` too.
 * @param maxStates most automaton states the pattern may take, all components together.
 * @throws {SseError} `invalid-selector` when the pattern does not parse; `selector-regexp-group` when it has
 * custom regular-expression groups (never run); {@link StateLimitError} beyond `maxStates`.
 */
export function compileUrlPattern(pattern: string, baseURL: string, maxStates: number): CompiledTest {
  if (hasControlCharacter(pattern))
    throw new SseError("invalid-selector", "a URL pattern must not contain control characters");
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
  // Only these can encode to nothing: `\?` (a search's or an opaque path's leading `?`), a second `#` or
  // `\#` (a hash's or an opaque path's leading `#`), a space (trimmed from an opaque path).
  const vanishing = /\\[?#]| /.test(pattern) || pattern.indexOf("#") !== pattern.lastIndexOf("#");
  const { tests, states } = compileComponents(parsed, vanishing, maxStates);
  return { states, test: componentsTest(tests, baseURL) };
}
