/** Serves fixed HTML pages from 127.0.0.1 (for the harness self-test): path → page. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

export async function serveHtml(pages: Record<string, string>): Promise<StaticSite> {
  const server = http.createServer((request, response) => {
    const page = pages[new URL(request.url ?? '/', 'http://localhost').pathname];
    response.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
