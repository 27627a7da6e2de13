export { createDecoderStream } from "./decoder-stream.ts";
export { encodeComment, encodeEvent, encodeEventBytes } from "./encoder.ts";
export { createEncoderStream } from "./encoder-stream.ts";
export { isSseError, SseError, type SseErrorCode } from "./errors.ts";
export { createParser, type SseParser } from "./parser.ts";
export { countMatchSteps } from "./selectors/automaton.ts";
export {
  createSelectorBudget,
  DEFAULT_SELECTOR_CHAR_BUDGET,
  DEFAULT_SELECTOR_STATE_BUDGET,
  type SelectorBudget,
} from "./selectors/budget.ts";
export { compileSelector, MAX_SELECTOR_LENGTH, type SelectorOptions } from "./selectors/compile.ts";
export type { SelectorKind, TopicMatcher } from "./selectors/types.ts";
export { createTextParser, type ParserCallbacks, type TextParser } from "./text-parser.ts";
export type { ParsedEvent, SseEvent, Update } from "./types.ts";
export { utf8Length } from "./utf8-length.ts";
