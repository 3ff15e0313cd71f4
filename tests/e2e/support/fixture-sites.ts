/**
 * Serves the autofill fixture pages (tests/fixtures/autofill/*.html) on two 127.0.0.1 ports at once,
 * so a page on one can frame a page of the other and the browser sees two real origins (cross-origin
 * iframes are out-of-process frames in Chromium, with their own content script and browser-stamped
 * origin). `{{OTHER_ORIGIN}}` in a page becomes the origin of the other port. Any other path —
 * where the fixture forms post to (/signed-in, /welcome, …) — answers a small "Done" page for GET
 * and POST alike, so a submitted form lands on a page of the same origin (where the top frame asks
 * for a pending save prompt). `extraPages` adds pages built in code (the benchmark's big page).
 *
 * Every call makes a fresh pair of ports: a test that wants origins no saved item or "never" choice
 * has touched starts its own pair.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const FIXTURE_DIR = path.resolve(import.meta.dirname, '../../fixtures/autofill');

export type SiteSide = 'top' | 'other';

export interface FixtureSites {
  /** http://127.0.0.1:<port> of the first server (where test pages are opened). */
  topOrigin: string;
  /** The second server's origin (what `{{OTHER_ORIGIN}}` points to from the first). */
  otherOrigin: string;
  /** The address of `file` (e.g. "simple.html") on one side. */
  url(file: string, side?: SiteSide): string;
  close(): Promise<void>;
}

const DONE_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done</title></head><body><h1>Done</h1></body></html>';

function readFixturePages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const name of readdirSync(FIXTURE_DIR)) {
    if (name.endsWith('.html')) pages.set(`/${name}`, readFileSync(path.join(FIXTURE_DIR, name), 'utf8'));
  }
  return pages;
}

interface Listening {
  server: http.Server;
  origin: string;
}

async function listen(answer: (pathname: string) => string): Promise<Listening> {
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    request.resume(); // a posted form body is read and forgotten
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(answer(pathname));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startFixtureSites(options: { extraPages?: Record<string, string> } = {}): Promise<FixtureSites> {
  const pages = readFixturePages();
  for (const [pathname, html] of Object.entries(options.extraPages ?? {})) pages.set(pathname, html);
  const origins: Record<SiteSide, string> = { top: '', other: '' };
  const page = (side: SiteSide) => (pathname: string) => {
    const html = pages.get(pathname);
    if (html === undefined) return DONE_PAGE;
    return html.replaceAll('{{OTHER_ORIGIN}}', side === 'top' ? origins.other : origins.top);
  };
  const top = await listen(page('top'));
  const other = await listen(page('other')).catch(async (error: unknown) => {
    await closeServer(top.server);
    throw error;
  });
  origins.top = top.origin;
  origins.other = other.origin;
  return {
    topOrigin: top.origin,
    otherOrigin: other.origin,
    url: (file, side = 'top') => `${origins[side]}/${file.replace(/^\//, '')}`,
    close: async () => {
      await Promise.all([closeServer(top.server), closeServer(other.server)]);
    },
  };
}
