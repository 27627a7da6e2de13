/**
 * `next(value)`: at once for a value, once it settles for a promise. The publish steps are chained by it, so that
 * a step that answers at once (most do: a cached or HMAC token, no hook, the memory broker) costs no promise and
 * no microtask.
 */
export function afterStep<T, U>(value: T | Promise<T>, next: (value: T) => U | Promise<U>): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
