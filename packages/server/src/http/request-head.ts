/**
 * What the hub reads of a request before its body: its URL (serialized as a `Request`'s is) and its headers
 * (several of one name joined with ", ", as `Headers.get` does). A `Request` is one; so is the Node publish
 * path's view of a raw request, which makes no `Request` at all.
 */
export interface RequestHead {
  readonly url: string;
  readonly headers: { get(name: string): string | null };
}
