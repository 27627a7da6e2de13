import type { ParsedEvent } from "@ssehub/protocol";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ClientError, invalidOptions } from "./errors.ts";

/** Map from SSE event `type` to the type of its data, shared by publisher and subscriber. */
export type EventMap = Record<string, unknown>;

/** One schema (any Standard Schema library: zod, valibot, arktype…) per event type. */
export type SchemaMap<Events extends EventMap> = {
  [K in keyof Events & string]?: StandardSchemaV1<unknown, Events[K]>;
};

interface UpdateFields {
  /** The update id (`id:`), the resume point. */
  id: string;
  /** The raw `data:` text (lines joined with LF). */
  data: string;
  /** True for the retained state an ssehub hub sends a fresh subscriber before `ssehub-ready`. */
  retained?: boolean;
  /** True for the catch-up an ssehub hub replays after a resume, before `ssehub-ready`. */
  replayed?: boolean;
}

/**
 * An update as the subscriber sees it. `type` is the SSE event type (`"message"` when the publisher gave
 * none). `json` is the parsed (and, with a schema, validated) data, present when `json: true` or a schema
 * for this type is given. `retained` / `replayed` are set only on ssehub hubs.
 */
export type ClientUpdate<Events extends EventMap = EventMap> = {
  [K in keyof Events & string]: UpdateFields & { type: K; json?: Events[K] };
}[keyof Events & string];

/** Payload of `ssehub-gap`: the resume id was unknown or too old; updates after it may be missing. */
export interface GapInfo {
  /** The id the client asked to resume from. */
  lastEventId: string;
  /** The oldest id the hub still holds, or "" when its history is empty. */
  earliest: string;
}

export const READY_EVENT = "ssehub-ready";
export const GAP_EVENT = "ssehub-gap";

/**
 * Where an ssehub stream is: in the prelude of retained state or of replayed catch-up, or live (after
 * `ssehub-ready`). Undefined for a hub that did not greet as ssehub: its updates get no flags.
 */
export type Phase = "retained" | "replayed" | "live" | undefined;

/**
 * Turns a decoded event into an update: parses JSON when asked (`json`), validates against the type's
 * schema (`schemas`).
 * Returns an `invalid-data` ClientError (never throws) when the data is not what was promised.
 */
export async function toUpdate(
  event: ParsedEvent,
  phase: Phase,
  { json, schemas }: { json?: boolean | undefined; schemas?: SchemaMap<EventMap> | undefined },
): Promise<ClientUpdate | ClientError> {
  const { lastEventId: id, type, data } = event;
  const update: ClientUpdate = { id, type, data };
  if (phase !== undefined) {
    update.retained = phase === "retained";
    update.replayed = phase === "replayed";
  }
  // Own keys only: a type named `constructor` or `toString` must not find Object.prototype's function.
  const schema = schemas && Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!json && schema === undefined) return update;
  let why = "is not JSON";
  let cause: unknown;
  try {
    update.json = JSON.parse(data);
    if (schema === undefined) return update;
    why = "fails its schema";
    const result = await schema["~standard"].validate(update.json);
    if (result.issues === undefined) {
      update.json = result.value;
      return update;
    }
    cause = result.issues;
  } catch (error) {
    // Not JSON, or a schema whose validate() threw: the update is skipped all the same.
    cause = error;
  }
  return new ClientError("invalid-data", `${type} ${id}: data ${why}`, {
    eventId: id,
    eventType: type,
    cause,
  });
}

/**
 * Throws `invalid-options` unless every entry of the schema map is a Standard Schema (has
 * `~standard.validate`), so that a wrong entry fails at `subscribe()`, not as a TypeError per update.
 */
export function checkSchemas(schemas: SchemaMap<EventMap> | undefined): void {
  for (const type in schemas) {
    if (typeof schemas[type]?.["~standard"]?.validate !== "function") {
      throw invalidOptions(`schema of ${type} is not a Standard Schema`);
    }
  }
}

/** Parses the JSON payload of an ssehub control event; a malformed one yields the fallback. */
export function parseControl<T extends object>(data: string, fallback: T): T {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === "object" && value !== null ? { ...fallback, ...value } : fallback;
  } catch {
    return fallback;
  }
}
