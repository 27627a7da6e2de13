import { SseError } from "../errors.ts";

/**
 * Reads one component pattern of a URLPattern (what its `pathname`, `hostname`, … getters return) into its
 * part list, following the URL Pattern standard's tokenizer and "parse a pattern string" algorithm
 * (https://urlpattern.spec.whatwg.org/#parse-a-pattern-string). A getter returns the pattern URLPattern
 * generated from its own part list, so reading it back gives the parts URLPattern matches with; its fixed
 * text is already encoded, so no encoding callback runs here. (It reads back otherwise only when a fixed
 * text was encoded into nothing, so that its neighbours print side by side: url-pattern.ts refuses the text
 * that can be.)
 */

export type Modifier = "" | "?" | "*" | "+";

export type Part =
  | { readonly type: "fixed"; readonly value: string; readonly modifier: Modifier }
  | {
      /** `segment`: one or more of anything but the component's delimiter; `full`: what `.*` matches. */
      readonly type: "segment" | "full";
      readonly prefix: string;
      readonly suffix: string;
      readonly modifier: Modifier;
    };

/** A component's options (standard §1.4): the delimiter a segment wildcard stops at, the prefix code point. */
export interface ComponentOptions {
  readonly delimiter: string;
  readonly prefix: string;
}

type TokenType = "open" | "close" | "regexp" | "name" | "char" | "escaped" | "modifier" | "asterisk" | "end";

interface Token {
  readonly type: TokenType;
  readonly value: string;
}

const NAME_START = /[$_\p{ID_Start}]/u;
// ZWNJ and ZWJ (U+200C, U+200D) may continue a name, as in JavaScript identifiers.
const NAME_PART = /^(?:[$_\p{ID_Continue}]|\u200C|\u200D)$/u;
const FULL_WILDCARD = ".*";

function refused(pattern: string, why: string): SseError {
  return new SseError("invalid-selector", `unsupported URL pattern component (${why}): ${pattern}`);
}

/** The group text of a regular expression, from just after `(` to its matching `)`; returns the end. */
function scanRegexp(pattern: string, open: number): number {
  let depth = 1;
  for (let i = open + 1; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") i++;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return i;
  }
  throw refused(pattern, "unbalanced (");
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const codePointAt = (index: number): string => String.fromCodePoint(pattern.codePointAt(index)!);
  while (i < pattern.length) {
    const char = codePointAt(i);
    if (char === "*") tokens.push({ type: "asterisk", value: char });
    else if (char === "+" || char === "?") tokens.push({ type: "modifier", value: char });
    else if (char === "{") tokens.push({ type: "open", value: char });
    else if (char === "}") tokens.push({ type: "close", value: char });
    else if (char === "\\") {
      if (i + 1 >= pattern.length) throw refused(pattern, "trailing \\");
      const escaped = codePointAt(i + 1);
      tokens.push({ type: "escaped", value: escaped });
      i += 1 + escaped.length;
      continue;
    } else if (char === ":") {
      let end = i + 1;
      while (end < pattern.length) {
        const next = codePointAt(end);
        if (!(end === i + 1 ? NAME_START : NAME_PART).test(next)) break;
        end += next.length;
      }
      if (end === i + 1) throw refused(pattern, "missing group name");
      tokens.push({ type: "name", value: pattern.slice(i + 1, end) });
      i = end;
      continue;
    } else if (char === "(") {
      const close = scanRegexp(pattern, i);
      tokens.push({ type: "regexp", value: pattern.slice(i + 1, close) });
      i = close + 1;
      continue;
    } else tokens.push({ type: "char", value: char });
    i += char.length;
  }
  tokens.push({ type: "end", value: "" });
  return tokens;
}

/** `[^` + the delimiter escaped as in a regular expression + `]+?`: the standard's segment wildcard. */
function segmentWildcardRegexp(delimiter: string): string {
  return `[^${delimiter.replace(/[.+*?^${}()[\]|/\\]/g, "\\$&")}]+?`;
}

/** Parses a component pattern string into its parts (standard: "parse a pattern string"). */
export function parseComponentPattern(pattern: string, options: ComponentOptions): Part[] {
  const tokens = tokenize(pattern);
  const segmentWildcard = segmentWildcardRegexp(options.delimiter);
  const parts: Part[] = [];
  let index = 0;
  let pending = "";

  const take = (type: TokenType): Token | undefined => {
    const token = tokens[index];
    if (token?.type !== type) return undefined;
    index++;
    return token;
  };
  const require = (type: TokenType): void => {
    if (take(type) === undefined) throw refused(pattern, `expected ${type}`);
  };
  const takeModifier = (): Modifier => ((take("modifier") ?? take("asterisk"))?.value ?? "") as Modifier;
  const takeWildcard = (name: Token | undefined): Token | undefined =>
    take("regexp") ?? (name === undefined ? take("asterisk") : undefined);
  const takeText = (): string => {
    let text = "";
    for (let token = take("char") ?? take("escaped"); token; token = take("char") ?? take("escaped")) {
      text += token.value;
    }
    return text;
  };
  const flushPending = (): void => {
    if (pending === "") return;
    parts.push({ type: "fixed", value: pending, modifier: "" });
    pending = "";
  };
  const addPart = (
    prefix: string,
    name: Token | undefined,
    wildcard: Token | undefined,
    suffix: string,
    modifier: Modifier,
  ): void => {
    if (name === undefined && wildcard === undefined && modifier === "") {
      pending += prefix;
      return;
    }
    flushPending();
    if (name === undefined && wildcard === undefined) {
      if (prefix !== "") parts.push({ type: "fixed", value: prefix, modifier });
      return;
    }
    let type: "segment" | "full" = "segment";
    if (wildcard?.type === "asterisk" || wildcard?.value === FULL_WILDCARD) type = "full";
    else if (wildcard !== undefined && wildcard.value !== segmentWildcard) {
      throw new SseError(
        "selector-regexp-group",
        `URL pattern with regular-expression groups refused: ${pattern}`,
      );
    }
    parts.push({ type, prefix, suffix, modifier });
  };

  while (index < tokens.length) {
    const char = take("char");
    const name = take("name");
    const wildcard = takeWildcard(name);
    if (name !== undefined || wildcard !== undefined) {
      let prefix = char?.value ?? "";
      if (prefix !== "" && prefix !== options.prefix) {
        pending += prefix;
        prefix = "";
      }
      flushPending();
      addPart(prefix, name, wildcard, "", takeModifier());
      continue;
    }
    const fixed = char ?? take("escaped");
    if (fixed !== undefined) {
      pending += fixed.value;
      continue;
    }
    if (take("open") !== undefined) {
      const prefix = takeText();
      const groupName = take("name");
      const groupWildcard = takeWildcard(groupName);
      const suffix = takeText();
      require("close");
      addPart(prefix, groupName, groupWildcard, suffix, takeModifier());
      continue;
    }
    flushPending();
    require("end");
  }
  return parts;
}
