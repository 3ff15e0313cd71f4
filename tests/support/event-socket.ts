/**
 * A test client for the hub's `/v1/events` WebSocket (the `ws` package, so a test can also play a
 * dead peer that never answers ping frames). It records every notice and the close, and waits for
 * them with a deadline so a missing notice fails the test instead of hanging it.
 */
import WebSocket from 'ws';
import { HubEvent } from '../../lib/protocol/vault-sync.ts';

const DEFAULT_WAIT_MS = 5_000;

export interface EventSocket {
  socket: WebSocket;
  /** Every notice received so far, oldest first. */
  received: HubEvent[];
  send(message: unknown): void;
  hello(accessToken: string): void;
  /** The first received notice (from `after` on) that matches, waiting up to `timeoutMs`. */
  next(match?: (event: HubEvent) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<HubEvent>;
  /** Resolves with the close code and reason (waits up to `timeoutMs`). */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): void;
}

/** `http://127.0.0.1:port` → `ws://127.0.0.1:port/v1/events`. */
export function eventsAddress(hubUrl: string): string {
  return `${hubUrl.replace(/^http/, 'ws')}/v1/events`;
}

export async function openEventSocket(hubUrl: string, options: { autoPong?: boolean } = {}): Promise<EventSocket> {
  const socket = new WebSocket(eventsAddress(hubUrl), { autoPong: options.autoPong ?? true });
  const received: HubEvent[] = [];
  const waiters = new Set<() => void>();
  let closeInfo: { code: number; reason: string } | null = null;
  socket.on('message', (data) => {
    received.push(HubEvent.parse(JSON.parse(String(data))));
    for (const wake of waiters) wake();
  });
  socket.on('close', (code, reason) => {
    closeInfo = { code, reason: reason.toString('utf8') };
    for (const wake of waiters) wake();
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined) return false;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no ${what} within ${timeoutMs} ms (received: ${JSON.stringify(received)}, closed: ${JSON.stringify(closeInfo)})`));
      }, timeoutMs);
      waiters.add(wake);
      check();
    });
  }

  return {
    socket,
    received,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    hello: (accessToken) => socket.send(JSON.stringify({ type: 'hello', accessToken })),
    next: (match = () => true, { after = 0, timeoutMs = DEFAULT_WAIT_MS } = {}) =>
      waitFor(() => received.slice(after).find(match), timeoutMs, 'matching notice'),
    closed: (timeoutMs = DEFAULT_WAIT_MS) => waitFor(() => closeInfo ?? undefined, timeoutMs, 'close'),
    close: () => socket.terminate(),
  };
}

/** Waits `ms` (to show that nothing arrives meanwhile). */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
