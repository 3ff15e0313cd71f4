/**
 * Background-only. The `/v1/events` WebSocket: the hub's "account changed" notices, keyset changes
 * and remote sign-out. Invariants: the access token goes only in the first message (`hello`), never in
 * the URL; while connected a `ping` goes out every 20 s — Chrome keeps a service worker alive while a
 * WebSocket exchanges messages at least every 30 s, so a connected device hears notices at once; a
 * dropped socket reconnects with exponential backoff and jitter (1 s → 60 s), reset by a `ready`.
 */
import { type ClientEvent, EVENTS_CLOSE_UNAUTHORIZED, HubEvent } from '../protocol/vault-sync.ts';

export const PING_INTERVAL_MS = 20_000;
export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 60_000;

/** The parts of a browser WebSocket used here (tests inject a fake). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface EventsClientDeps {
  /** The socket's URL (`hub.eventsUrl`), or null when signed out. */
  url: () => Promise<string | null>;
  /** A fresh access token for `hello`; throws when signed out. */
  accessToken: () => Promise<string>;
  onEvent: (event: HubEvent) => void;
  /** The hub closed the socket with 4401: the token was refused (expired — or the session is gone). */
  onUnauthorized: () => void;
  openSocket?: SocketFactory;
  random?: () => number;
}

/** Delay before reconnect attempt `attempt` (0-based): doubling from 1 s to 60 s, minus up to half at random. */
export function reconnectDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export function createEventsClient(deps: EventsClientDeps) {
  const openSocket = deps.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const random = deps.random ?? Math.random;
  let running = false;
  let socket: SocketLike | null = null;
  let ready = false;
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;

  function send(current: SocketLike, event: ClientEvent): void {
    try {
      current.send(JSON.stringify(event));
    } catch {
      // Closing already: onclose reconnects.
    }
  }

  function stopPing(): void {
    if (pingTimer !== null) clearInterval(pingTimer);
    pingTimer = null;
  }

  function scheduleReconnect(): void {
    if (!running || reconnectTimer !== null) return;
    const delay = reconnectDelay(attempts, random);
    attempts += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  }

  async function connect(): Promise<void> {
    if (!running || socket) return;
    let url: string | null;
    try {
      url = await deps.url();
    } catch {
      url = null;
    }
    if (!running || socket) return;
    if (url === null) {
      running = false;
      return;
    }
    let current: SocketLike;
    try {
      current = openSocket(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      deps.accessToken().then(
        (accessToken) => send(current, { type: 'hello', accessToken }),
        () => current.close(),
      );
    };
    current.onmessage = ({ data }) => {
      if (socket !== current || typeof data !== 'string') return;
      let parsed;
      try {
        parsed = HubEvent.safeParse(JSON.parse(data));
      } catch {
        return;
      }
      if (!parsed.success) return;
      if (parsed.data.type === 'ready') {
        ready = true;
        attempts = 0;
        stopPing();
        pingTimer = setInterval(() => send(current, { type: 'ping' }), PING_INTERVAL_MS);
      }
      deps.onEvent(parsed.data);
    };
    current.onerror = () => undefined; // onclose follows
    current.onclose = ({ code }) => {
      if (socket !== current) return;
      socket = null;
      ready = false;
      stopPing();
      if (code === EVENTS_CLOSE_UNAUTHORIZED) deps.onUnauthorized();
      scheduleReconnect();
    };
  }

  return {
    /** Connects (if not already); a no-op while connected or waiting to reconnect. */
    start(): void {
      if (running) return;
      running = true;
      attempts = 0;
      void connect();
    },

    /** Reconnects now instead of waiting for the backoff (the alarm, the popup opening). */
    nudge(): void {
      if (!running) return this.start();
      if (socket || reconnectTimer === null) return;
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
      void connect();
    },

    stop(): void {
      running = false;
      ready = false;
      stopPing();
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const current = socket;
      socket = null;
      current?.close(1000);
    },

    /** Connected and greeted by the hub (`ready`). */
    connected: () => ready,
    running: () => running,
  };
}

export type EventsClient = ReturnType<typeof createEventsClient>;
