/**
 * Real hubs for the background's unit tests: the in-process test hub (tests/support/test-hub.ts)
 * listening on 127.0.0.1 so the extension's ky client talks to it over real HTTP, plus a port on
 * which nothing answers. Node environment only.
 */
import { createServer } from 'node:net';
import { createTestHub, type TestHub, type TestHubOptions } from '../../support/test-hub.ts';

export interface LiveHub extends TestHub {
  /** e.g. http://127.0.0.1:41234 — no trailing slash, like a saved server address. */
  address: string;
}

export async function startLiveHub(options: TestHubOptions = {}): Promise<LiveHub> {
  const hub = await createTestHub(options);
  const address = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  let closing: Promise<void> | undefined;
  // Idempotent, so a test may take the hub down (to be "offline") and afterEach still closes it.
  return { ...hub, address, close: () => (closing ??= hub.close()) };
}

/** An address on this computer where nothing listens (the port was free a moment ago). */
export async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}`;
}
