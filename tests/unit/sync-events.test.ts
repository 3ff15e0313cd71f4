/**
 * The events socket client (lib/sync/events-client.ts) with an injected WebSocket and fake timers:
 * hello with a fresh token, ping every 20 s, reconnect with backoff and jitter, reset by `ready`,
 * 4401 reported.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENTS_CLOSE_UNAUTHORIZED, type HubEvent } from '../../lib/protocol/vault-sync.ts';
import { createEventsClient, PING_INTERVAL_MS, reconnectDelay, type SocketLike } from '../../lib/sync/events-client.ts';

class FakeSocket implements SocketLike {
  sent: unknown[] = [];
  closed: number | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.closed = code;
  }
  open() {
    this.onopen?.({});
  }
  receive(event: HubEvent | string) {
    this.onmessage?.({ data: typeof event === 'string' ? event : JSON.stringify(event) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

let sockets: FakeSocket[];
let events: HubEvent[];
let unauthorized: number;

function client(url: string | null = 'ws://hub.test/v1/events') {
  return createEventsClient({
    url: async () => url,
    accessToken: async () => `token-${sockets.length}`,
    onEvent: (event) => events.push(event),
    onUnauthorized: () => (unauthorized += 1),
    openSocket: (address) => {
      const socket = new FakeSocket(address);
      sockets.push(socket);
      return socket;
    },
    random: () => 1, // no jitter: the full delay
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  events = [];
  unauthorized = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('events client', () => {
  it('sends hello with a fresh access token when the socket opens, and passes notices on', async () => {
    const events$ = client();
    events$.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe('ws://hub.test/v1/events');
    sockets[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets[0]!.sent).toEqual([{ type: 'hello', accessToken: 'token-1' }]);
    sockets[0]!.receive({ type: 'ready', revision: 4, keysetVersion: 1 });
    sockets[0]!.receive({ type: 'revision', revision: 5 });
    sockets[0]!.receive('not json');
    sockets[0]!.receive(JSON.stringify({ type: 'unknown' }));
    expect(events).toEqual([{ type: 'ready', revision: 4, keysetVersion: 1 }, { type: 'revision', revision: 5 }]);
    expect(events$.connected()).toBe(true);
  });

  it('pings every 20 seconds while connected, and stops when the socket closes', async () => {
    const events$ = client();
    events$.start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets[0]!;
    socket.open();
    await vi.advanceTimersByTimeAsync(0);
    socket.receive({ type: 'ready', revision: 0, keysetVersion: 1 });
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS * 3);
    expect(socket.sent.filter((message) => (message as { type: string }).type === 'ping')).toHaveLength(3);
    socket.drop();
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS * 2);
    expect(socket.sent.filter((message) => (message as { type: string }).type === 'ping')).toHaveLength(3);
    events$.stop();
  });

  it('reconnects with exponential backoff up to 60 s, and starts over after a ready', async () => {
    const events$ = client();
    events$.start();
    await vi.advanceTimersByTimeAsync(0);
    const expected = [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000];
    for (const [index, delay] of expected.entries()) {
      sockets.at(-1)!.drop();
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(sockets).toHaveLength(index + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(sockets).toHaveLength(index + 2);
    }
    const socket = sockets.at(-1)!;
    socket.open();
    await vi.advanceTimersByTimeAsync(0);
    socket.receive({ type: 'ready', revision: 0, keysetVersion: 1 });
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(expected.length + 2);
    events$.stop();
  });

  it('spreads reconnects with jitter between half and all of the delay', () => {
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(3, () => 0.5)).toBe(6000);
    expect(reconnectDelay(20, () => 1)).toBe(60_000);
  });

  it('reports a 4401 close and keeps trying (the session check decides)', async () => {
    const events$ = client();
    events$.start();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.drop(EVENTS_CLOSE_UNAUTHORIZED);
    expect(unauthorized).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
    events$.stop();
  });

  it('does not connect when signed out, and stop() closes the socket and cancels the reconnect', async () => {
    const signedOut = client(null);
    signedOut.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(0);
    expect(signedOut.running()).toBe(false);

    const events$ = client();
    events$.start();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.drop();
    events$.start(); // already running: nothing new
    events$.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets).toHaveLength(1);
  });

  it('reconnects at once when nudged while waiting for the backoff', async () => {
    const events$ = client();
    events$.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let index = 0; index < 5; index += 1) {
      sockets.at(-1)!.drop();
      await vi.advanceTimersByTimeAsync(60_000);
    }
    sockets.at(-1)!.drop();
    const before = sockets.length;
    events$.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(before + 1);
    events$.stop();
  });
});
