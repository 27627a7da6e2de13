import { bodyTooLarge } from "./publish-body.ts";

/**
 * Reads a fetch `Request`'s body whole, at most `maxBodySize` bytes. A declared length is enforced by the
 * HTTP layer, so that body is read in one go (much faster on @hono/node-server than a reader loop); a body of
 * unknown length (chunked) is counted as it arrives and refused as soon as it passes the limit.
 * @throws {HubError} 413 past `maxBodySize`.
 */
export async function readRequestBody(
  request: Request,
  maxBodySize: number,
  declared: number | undefined,
): Promise<Uint8Array> {
  const bytes =
    declared === undefined
      ? await readCounted(request, maxBodySize)
      : new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBodySize) throw bodyTooLarge(maxBodySize);
  return bytes;
}

async function readCounted(request: Request, maxBodySize: number): Promise<Uint8Array> {
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
      throw bodyTooLarge(maxBodySize);
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
