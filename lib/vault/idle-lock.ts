/**
 * Background-only. The idle lock: the vault locks once no vault message came for the chosen
 * timeout. Invariant: while unlocked with a timeout, an alarm is set no later than the idle
 * deadline (an alarm that fires early is re-armed, one that fires late still locks — the deadline
 * is also checked on every vault message). 'browser_close' sets no alarm: the browser clears
 * storage.session when it closes, and the worker's memory dies with it.
 */
import { browser } from 'wxt/browser';
import type { LockTimeout } from '../messaging/messages.ts';

export const IDLE_LOCK_ALARM = 'vault-idle-lock';
/** Re-arming the alarm on every message is wasteful; it moves when the deadline moved this much. */
const REARM_SLACK_MS = 15_000;

/** Idle time before locking, in ms; null = only when the browser closes. */
export function idleMsOf(timeout: LockTimeout): number | null {
  return timeout === 'browser_close' ? null : timeout * 60_000;
}

export function createIdleLock() {
  let armedFor: number | null = null;

  return {
    /** Makes sure an alarm fires by `lastActivity + timeout` (none for 'browser_close'). */
    async arm(lastActivity: number, timeout: LockTimeout): Promise<void> {
      const idleMs = idleMsOf(timeout);
      if (idleMs === null) {
        await this.disarm();
        return;
      }
      const deadline = lastActivity + idleMs;
      if (armedFor !== null && armedFor <= deadline && deadline - armedFor < REARM_SLACK_MS) return;
      armedFor = deadline;
      await browser.alarms.create(IDLE_LOCK_ALARM, { when: deadline });
    },

    async disarm(): Promise<void> {
      armedFor = null;
      await browser.alarms.clear(IDLE_LOCK_ALARM);
    },
  };
}

export type IdleLock = ReturnType<typeof createIdleLock>;
