/**
 * Background-only. Runs vault operations one at a time. Invariant: nothing locks the vault (and
 * zeroes the key) while another operation is between two awaits with that key in hand, and two
 * item changes never build their listings from the same base.
 */
export function createSerial() {
  let tail: Promise<unknown> = Promise.resolve();
  return function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export type Serial = ReturnType<typeof createSerial>;
