/**
 * Open subscriber streams per client address, for `maxConnectionsPerIp`. Only addresses with an open stream
 * are held, so the map is bounded by the connections themselves.
 */
export class ConnectionsPerAddress {
  readonly #open = new Map<string, number>();
  readonly #limit: number;

  /** `limit`: most open streams per address; 0 for no limit (nothing is then counted). */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Addresses with an open stream. */
  get addresses(): number {
    return this.#open.size;
  }

  /** True when one more stream from `address` would pass the limit. Unknown addresses are not limited. */
  full(address: string | undefined): boolean {
    return this.#limit > 0 && address !== undefined && (this.#open.get(address) ?? 0) >= this.#limit;
  }

  add(address: string | undefined): void {
    if (this.#limit === 0 || address === undefined) return;
    this.#open.set(address, (this.#open.get(address) ?? 0) + 1);
  }

  release(address: string | undefined): void {
    if (this.#limit === 0 || address === undefined) return;
    const count = (this.#open.get(address) ?? 0) - 1;
    if (count > 0) this.#open.set(address, count);
    else this.#open.delete(address);
  }
}
