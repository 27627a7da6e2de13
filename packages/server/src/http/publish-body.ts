import { badField, HubError } from "../core/errors.ts";
import type { PublishInput } from "../types.ts";
import { noteAccess } from "./access-log.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.ts";

const JSON_FIELDS = new Set(["topic", "topics", "data", "id", "type", "retry", "private", "retain"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a publish body: form (Mercure) or JSON (ssehub extension), at most `maxBodySize` bytes.
 * @throws {HubError} 413 when too large, 415 for another content type, 400 for a malformed body or field.
 */
export async function readPublishBody(request: Request, maxBodySize: number): Promise<PublishInput> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const isJson = type === "application/json" || type.endsWith("+json");
  if (!isJson && type !== "application/x-www-form-urlencoded") {
    throw new HubError(
      415,
      "unsupported-media-type",
      "send application/x-www-form-urlencoded or application/json",
      "content-type",
    );
  }
  const text = await readText(request, maxBodySize);
  return isJson ? fromJson(text) : fromForm(new URLSearchParams(text));
}

async function readText(request: Request, maxBodySize: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBodySize) throw tooLarge(maxBodySize);
  // A declared length is enforced by the HTTP layer, so the body can be read in one go (much faster on
  // @hono/node-server than a reader loop); a chunked body is counted as it arrives.
  const bytes =
    declared >= 0 ? new Uint8Array(await request.arrayBuffer()) : await readLimited(request, maxBodySize);
  if (bytes.byteLength > maxBodySize) throw tooLarge(maxBodySize);
  noteAccess(request, { bytes: bytes.byteLength });
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new HubError(400, "invalid-body", "the body is not valid UTF-8", undefined, { cause: error });
  }
}

/** Reads a body of unknown length (chunked), refusing it as soon as it passes `maxBodySize` bytes. */
async function readLimited(request: Request, maxBodySize: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodySize) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBodySize);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function tooLarge(maxBodySize: number): HubError {
  return new HubError(413, "body-too-large", `the body is larger than ${maxBodySize} bytes`);
}

function fromForm(form: URLSearchParams): PublishInput {
  const input: PublishInput = { topics: form.getAll("topic") };
  const data = form.get("data");
  if (data !== null) input.data = data;
  const id = form.get("id");
  if (id !== null) input.id = id;
  const type = form.get("type");
  if (type !== null) input.type = type;
  const retry = form.get("retry");
  if (retry !== null) {
    // Mercure: ASCII digits only.
    if (!/^[0-9]+$/.test(retry)) throw badField("retry", "retry must be ASCII digits (ms)");
    input.retry = Number(retry);
  }
  // Mercure: the presence of the field decides, whatever its value.
  if (form.has("private")) input.private = true;
  if (form.has("retain")) input.retain = true;
  return input;
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
