import { SseError } from "../errors.ts";
import { AutomatonBuilder, type Fragment } from "./automaton.ts";

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
const RESERVED_CHARS = ":/?#[]@!$&'()*+,;=";

function isUnreserved(unit: number): boolean {
  return (
    (unit >= 0x61 && unit <= 0x7a) ||
    (unit >= 0x41 && unit <= 0x5a) ||
    (unit >= 0x30 && unit <= 0x39) ||
    unit === 0x2d ||
    unit === 0x2e ||
    unit === 0x5f ||
    unit === 0x7e
  );
}

function isUnreservedOrReserved(unit: number): boolean {
  return isUnreserved(unit) || (unit < 0x80 && RESERVED_CHARS.includes(String.fromCharCode(unit)));
}

function isHexDigit(unit: number): boolean {
  return (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x46) || (unit >= 0x61 && unit <= 0x66);
}

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

  const allowed = b.unit(op.reserved ? isUnreservedOrReserved : isUnreserved);
  const percentEncoded = b.seq(b.literal("%"), b.unit(isHexDigit), b.unit(isHexDigit));
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

/**
 * Compiles an RFC 6570 URI template into a test for the URIs it can expand to.
 * @throws {SseError} `invalid-selector` for a malformed or too complex template.
 */
export function compileUriTemplate(template: string): (uri: string) => boolean {
  const b = new AutomatonBuilder();
  const parts: Fragment[] = [];
  let position = 0;
  try {
    while (position < template.length) {
      const open = template.indexOf("{", position);
      const close = template.indexOf("}", position);
      if (close !== -1 && (open === -1 || close < open)) throw invalid(template, "unmatched }");
      if (open === -1) {
        parts.push(b.literal(template.slice(position)));
        break;
      }
      if (open > position) parts.push(b.literal(template.slice(position, open)));
      const end = template.indexOf("}", open);
      if (end === -1) throw invalid(template, "unclosed {");
      const body = template.slice(open + 1, end);
      if (body.includes("{")) throw invalid(template, "nested {");
      parts.push(expression(b, body, template));
      position = end + 1;
    }
    const automaton = b.build(b.seq(...parts));
    // Every expansion starts and ends with the template's literal text around its expressions: a cheap
    // test that turns most topics away before the automaton runs.
    const prefix = template.slice(0, template.indexOf("{"));
    const suffix = template.slice(template.lastIndexOf("}") + 1);
    return (uri) =>
      uri.length >= prefix.length + suffix.length &&
      uri.startsWith(prefix) &&
      uri.endsWith(suffix) &&
      automaton(uri);
  } catch (error) {
    if (error instanceof SseError) throw error;
    throw invalid(template, "too complex", error);
  }
}
