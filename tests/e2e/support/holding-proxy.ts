/**
 * A small HTTP proxy on 127.0.0.1 in front of the hub (WebSocket upgrades piped through as raw TCP)
 * that can hold the hub's answer to the next push: the request reaches the hub and is applied, the
 * answer waits in the proxy until the test drops it. That is how a test kills the background in the
 * middle of a push without DevTools holding the worker (a worker with a DevTools-paused request does
 * not restart once stopped).
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Holds the next `POST /v1/vault/changes` answer; resolves once the hub has answered it. */
  holdNextPush(): Promise<void>;
  /** Closes the held client connection without an answer. */
  dropHeld(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(hubUrl: string): Promise<HoldingProxy> {
  const target = new URL(hubUrl);
  const sockets = new Set<net.Socket>();
  let arm: (() => void) | null = null;
  let held: http.ServerResponse | null = null;

  const server = http.createServer((request, response) => {
    const isPush = request.method === 'POST' && (request.url ?? '').startsWith('/v1/vault/changes');
    const hold = isPush && arm !== null ? arm : null;
    if (hold) arm = null;
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        if (hold) {
          answer.resume(); // read and forget: the hub has applied the push; its answer is "lost"
          answer.on('end', () => {
            held = response;
            hold();
          });
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request, client, head) => {
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      const headers = Object.entries(request.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => `${name}: ${v}`) : [`${name}: ${value}`]));
      upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const closeBoth = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', closeBoth);
    client.on('error', closeBoth);
    sockets.add(client as net.Socket);
    client.on('close', () => sockets.delete(client as net.Socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNextPush: () => new Promise<void>((resolve) => (arm = resolve)),
    dropHeld() {
      held?.socket?.destroy();
      held = null;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
