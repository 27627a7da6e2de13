import { SseError } from "../errors.ts";
import { AutomatonBuilder, type Fragment } from "./automaton.ts";
import { CharClass } from "./char-class.ts";
import { framed } from "./framed.ts";
import type { CompiledTest } from "./types.ts";

/**
 * RFC 6570 template matching: a topic matches when some assignment of values (strings, lists or maps,
 * level 4) to the template's variables expands to exactly that topic. The template is compiled into an
 * automaton (see automaton.ts), so matching never backtracks.
 */

interface Operator {
  readonly first: string;
  readonly separator: string;
  readonly named: boolean;
  /** What a named variable with an empty value expands to after its name. */
  readonly ifEmpty: string;
  /** Whether values may contain reserved characters unencoded (`+` and `#`). */
  readonly reserved: boolean;
}

// RFC 6570 Appendix A.
const OPERATORS: Record<string, Operator> = {
  "": { first: "", separator: ",", named: false, ifEmpty: "", reserved: false },
  "+": { first: "", separator: ",", named: false, ifEmpty: "", reserved: true },
  "#": { first: "#", separator: ",", named: false, ifEmpty: "", reserved: true },
  ".": { first: ".", separator: ".", named: false, ifEmpty: "", reserved: false },
  "/": { first: "/", separator: "/", named: false, ifEmpty: "", reserved: false },
  ";": { first: ";", separator: ";", named: true, ifEmpty: "", reserved: false },
  "?": { first: "?", separator: "&", named: true, ifEmpty: "=", reserved: false },
  "&": { first: "&", separator: "&", named: true, ifEmpty: "=", reserved: false },
};

interface VarSpec {
  readonly name: string;
  readonly explode: boolean;
  /** Prefix modifier (`:n`), or 0 for none. */
  readonly prefix: number;
}

const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;
const PREFIX = /^[1-9][0-9]{0,3}$/;

function invalid(template: string, why: string, cause?: unknown): SseError {
  return new SseError("invalid-selector", `invalid URI template (${why}): ${template}`, { cause });
}

function parseVarSpec(text: string, template: string): VarSpec {
  let name = text;
  let explode = false;
  let prefix = 0;
  if (text.endsWith("*")) {
    name = text.slice(0, -1);
    explode = true;
  } else {
    const colon = text.indexOf(":");
    if (colon !== -1) {
      name = text.slice(0, colon);
      const digits = text.slice(colon + 1);
      if (!PREFIX.test(digits)) throw invalid(template, `bad prefix modifier in {${text}}`);
      prefix = Number(digits);
    }
  }
  if (!VARNAME.test(name)) throw invalid(template, `bad variable name "${name}"`);
  return { name, explode, prefix };
}

/** Builds the fragment matching every expansion of one `{…}` expression. */
function expression(b: AutomatonBuilder, body: string, template: string): Fragment {
  if (body === "") throw invalid(template, "empty expression");
  const first = body[0]!;
  if ("=,!@|".includes(first)) throw invalid(template, `reserved operator in {${body}}`);
  const hasOperator = "+#./;?&".includes(first);
  const op = OPERATORS[hasOperator ? first : ""]!;
  const list = hasOperator ? body.slice(1) : body;
  const specs = list.split(",").map((text) => parseVarSpec(text, template));

  const allowed = b.unit(op.reserved ? CharClass.uriCharacter : CharClass.unreserved);
  const percentEncoded = b.seq(b.literal("%"), b.unit(CharClass.hexDigit), b.unit(CharClass.hexDigit));
  const encoded = b.alt(allowed, percentEncoded);
  // A prefix counts characters: one encoded as UTF-8 takes one to four percent-encoded bytes.
  const character = b.alt(allowed, b.seq(percentEncoded, b.atMost(percentEncoded, 3)));
  const value = b.star(encoded);
  const commaList = b.seq(value, b.star(b.seq(b.literal(","), value)));
  const separator = b.literal(op.separator);

  const piece = (spec: VarSpec): Fragment => {
    const bounded = spec.prefix > 0 ? b.atMost(character, spec.prefix) : commaList;
    if (!op.named) {
      if (!spec.explode) return bounded;
      // Exploded list items or map entries (`key=value`), joined by the separator.
      const item = b.seq(value, b.optional(b.seq(b.literal("="), value)));
      return b.seq(item, b.star(b.seq(separator, item)));
    }
    if (!spec.explode) {
      const assigned = b.seq(b.literal("="), bounded);
      return b.seq(b.literal(spec.name), op.ifEmpty === "" ? b.optional(assigned) : assigned);
    }
    // Exploded: `name=item` per list item, or `key=value` per map entry; the name is a possible key.
    const item = b.seq(
      value,
      op.ifEmpty === "" ? b.optional(b.seq(b.literal("="), value)) : b.seq(b.literal("="), value),
    );
    return b.seq(item, b.star(b.seq(separator, item)));
  };

  // Any in-order, non-empty subset of the variables may be defined; their expansions join with the separator.
  const fromVariable = (index: number): Fragment | undefined => {
    const spec = specs[index];
    if (spec === undefined) return undefined;
    return (next) => {
      const rest = fromVariable(index + 1);
      const restStart = rest?.(next);
      const afterPiece = restStart === undefined ? next : b.optional(b.seq(separator, () => restStart))(next);
      const withPiece = piece(spec)(afterPiece);
      return restStart === undefined
        ? withPiece
        : b.alt(
            () => withPiece,
            () => restStart,
          )(next);
    };
  };
  return b.optional(b.seq(b.literal(op.first), fromVariable(0)!));
}

/** Splits a template into literal text (even indexes) and expression bodies (odd indexes). */
function split(template: string): string[] {
  const pieces: string[] = [];
  let position = 0;
  for (;;) {
    const open = template.indexOf("{", position);
    const close = template.indexOf("}", position);
    if (close !== -1 && (open === -1 || close < open)) throw invalid(template, "unmatched }");
    if (open === -1) {
      pieces.push(template.slice(position));
      return pieces;
    }
    if (close === -1) throw invalid(template, "unclosed {");
    const body = template.slice(open + 1, close);
    if (body.includes("{")) throw invalid(template, "nested {");
    pieces.push(template.slice(position, open), body);
    position = close + 1;
  }
}

/**
 * Compiles an RFC 6570 URI template into a test for the URIs it can expand to.
 * @param maxStates most automaton states the template may take.
 * @throws {SseError} `invalid-selector` for a malformed template; {@link StateLimitError} beyond `maxStates`.
 */
export function compileUriTemplate(template: string, maxStates: number): CompiledTest {
  const pieces = split(template);
  // Every expansion starts and ends with the literal text around the expressions.
  const prefix = pieces[0]!;
  const suffix = pieces.length > 1 ? pieces[pieces.length - 1]! : "";
  const b = new AutomatonBuilder(maxStates);
  const middle: Fragment[] = [];
  for (let i = 1; i < pieces.length - 1; i++) {
    middle.push(i % 2 === 1 ? expression(b, pieces[i]!, template) : b.literal(pieces[i]!));
  }
  const automaton = b.build(b.seq(...middle));
  return { states: automaton.states, test: framed(prefix, suffix, automaton) };
}
