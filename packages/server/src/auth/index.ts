export { checkAuthOptions, createAuthenticator } from "./authenticator.ts";
export { DRAFT07_COOKIE, DRAFT08_COOKIE } from "./carriers.ts";
export { MERCURE_DETAIL_TYPE } from "./claims.ts";
export { AuthConfigError, isAuthConfigError } from "./errors.ts";
export { signToken, type TokenRequest } from "./sign.ts";
export type {
  Action,
  AuthErrorCode,
  Authenticator,
  AuthOptions,
  AuthResult,
  Draft,
  Grant,
} from "./types.ts";
