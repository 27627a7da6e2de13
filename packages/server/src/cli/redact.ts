// Three base64url segments starting with an encoded `{"` header: what every JWS compact token looks like.
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const SECRET_FIELD = /token|authorization|cookie|secret|jwt|key/i;

/** Replaces anything shaped like a JWT by `[redacted]`, so no log line ever carries a token. */
export function redactText(text: string): string {
  return text.replace(JWT_SHAPE, "[redacted]");
}

/** Redacts token-like values and whole fields whose names suggest a credential. */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (SECRET_FIELD.test(name)) clean[name] = "[redacted]";
    else if (typeof value === "string") clean[name] = redactText(value);
    else if (value instanceof Error) clean[name] = redactText(value.message);
    else clean[name] = value;
  }
  return clean;
}
