export { ConfigError, isConfigError } from "./errors.ts";
export { envName, envNames, type FlagKind, type FlagSpec, type FlagValue } from "./flag-spec.ts";
export {
  BROKER_FLAGS,
  BROKER_SETTING_FLAGS,
  HUB_FLAGS,
  KEY_FLAGS,
  LISTEN_FLAGS,
  SERVE_FLAGS,
  TOKEN_FLAGS,
} from "./flags.ts";
export { formatDefault, formatHelp } from "./help.ts";
export { type ParsedArgs, parseArgs, type ValueSource } from "./parse-args.ts";
export {
  keyOptions,
  type LoadOptions,
  type LogLevel,
  loadServeConfig,
  type ServeConfig,
  withDefaults,
} from "./serve-config.ts";
export { formatDuration, formatRate, formatSize, parseDuration, parseRate, parseSize } from "./units.ts";
