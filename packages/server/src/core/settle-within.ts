/** Waits for `promise`, at most `timeoutMs`; on timeout calls `onTimeout` (if given) and resolves. */
export async function settleWithin(
  promise: Promise<unknown>,
  timeoutMs: number,
  onTimeout?: () => unknown,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout?.();
      resolve();
    }, timeoutMs);
  });
  await Promise.race([promise, timeout]);
  clearTimeout(timer);
}
