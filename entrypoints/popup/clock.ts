/**
 * The popup's clock for countdowns ("try again in 4 seconds"): a signal that ticks once a second,
 * and only while a deadline the current screen shows is still ahead — an idle popup runs no timer.
 */
import { effect, signal } from '@preact/signals';

export type Deadline = number | null | undefined;

export function createClock(now: () => number = Date.now) {
  const current = signal(now());
  let timer: ReturnType<typeof setInterval> | null = null;
  let unwatch: (() => void) | null = null;

  function stopTimer() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  return {
    now: current,

    /** Whole seconds until `deadline` (epoch ms), rounded up; 0 when there is none or it has passed. */
    secondsUntil(deadline: Deadline): number {
      return deadline == null ? 0 : Math.max(0, Math.ceil((deadline - current.value) / 1000));
    },

    /** Reads the time again at once (a new deadline came in while no timer was running). */
    sync() {
      current.value = now();
    },

    /** Keeps ticking while any of `deadlines()` is ahead; re-checked whenever they or the time change. */
    watch(deadlines: () => Deadline[]) {
      unwatch?.();
      unwatch = effect(() => {
        const ahead = deadlines().some((deadline) => deadline != null && deadline > current.value);
        if (ahead && timer === null) timer = setInterval(() => (current.value = now()), 1000);
        else if (!ahead) stopTimer();
      });
    },

    dispose() {
      unwatch?.();
      unwatch = null;
      stopTimer();
    },
  };
}

export type Clock = ReturnType<typeof createClock>;
