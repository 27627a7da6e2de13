import { badField, HubError } from "../core/errors.ts";
import type { PublishInput } from "../types.ts";
import { formFields } from "./form-fields.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.ts";

/** How a publish body is written: a form (Mercure) or JSON (ssehub extension). */
export type BodyFormat = "form" | "json";

const FORM = "application/x-www-form-urlencoded";
const JSON_FIELDS = new Set(["topic", "topics", "data", "id", "type", "retry", "private", "retain"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The body's format, from its `Content-Type`.
 * @throws {HubError} 415 for another content type.
 */
export function bodyFormat(contentType: string | null): BodyFormat {
  // What clients send, decided without splitting and lower-casing a copy of the header.
  if (contentType === FORM) return "form";
  if (contentType === "application/json") return "json";
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === FORM) return "form";
  throw new HubError(
    415,
    "unsupported-media-type",
    "send application/x-www-form-urlencoded or application/json",
    "content-type",
  );
}

/**
 * The body's declared length (`Content-Length`), or undefined for a body of unknown length (chunked), which
 * its reader must count as it arrives.
 * @throws {HubError} 413 when the declared length is past `maxBodySize`: nothing of it is read.
 */
export function declaredLength(contentLength: string | null, maxBodySize: number): number | undefined {
  const declared = Number(contentLength ?? Number.NaN);
  if (declared > maxBodySize) throw bodyTooLarge(maxBodySize);
  return declared >= 0 ? declared : undefined;
}

export function bodyTooLarge(maxBodySize: number): HubError {
  return new HubError(413, "body-too-large", `the body is larger than ${maxBodySize} bytes`);
}

/**
 * A body read whole, as the publish it asks for.
 * @throws {HubError} 400 for text that is not UTF-8, a malformed body or a bad field.
 */
export function parsePublishBody(format: BodyFormat, bytes: Uint8Array): PublishInput {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new HubError(400, "invalid-body", "the body is not valid UTF-8", undefined, { cause: error });
  }
  return format === "json" ? fromJson(text) : fromForm(formFields(text));
}

function fromForm(fields: [string, string][]): PublishInput {
  const topics: string[] = [];
  const input: PublishInput = { topics };
  // Mercure: every `topic` counts; of the other fields the first is taken, and for `private` and `retain`
  // their presence decides, whatever their value.
  for (const [name, value] of fields) {
    if (name === "topic") topics.push(value);
    else if (name === "data") input.data ??= value;
    else if (name === "id") input.id ??= value;
    else if (name === "type") input.type ??= value;
    else if (name === "retry") input.retry ??= retryOf(value);
    else if (name === "private") input.private = true;
    else if (name === "retain") input.retain = true;
  }
  return input;
}

/** Mercure: ASCII digits only, in ms. */
function retryOf(value: string): number {
  if (!/^[0-9]+$/.test(value)) throw badField("retry", "retry must be ASCII digits (ms)");
  return Number(value);
}

function fromJson(text: string): PublishInput {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new HubError(400, "invalid-body", `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HubError(400, "invalid-body", "the body is not valid JSON", undefined, { cause: error });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HubError(400, "invalid-body", "the body must be a JSON object");
  }
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!JSON_FIELDS.has(key)) throw badField(key, `unknown field "${key}"`, "unknown-field");
  }
  if ("topic" in fields && "topics" in fields) throw badField("topics", 'give "topic" or "topics", not both');
  if (fields.topics === undefined && fields.topic === undefined) {
    throw badField("topic", "at least one topic is required", "missing-field");
  }
  const { data, topic, topics, ...rest } = fields;
  // Types are checked by the hub (toUpdate), which names the field at fault. Non-string data travels as JSON text.
  return {
    ...rest,
    topics: topics ?? topic,
    data: data === undefined || typeof data === "string" ? data : JSON.stringify(data),
  } as PublishInput;
}
