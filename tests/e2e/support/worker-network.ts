/**
 * Chromium only: cuts and restores the background service worker's HTTP traffic with the DevTools
 * Fetch domain (request interception on the worker's own target), and stops the worker outright
 * (to kill it in the middle of a push, hold the answer in support/holding-proxy.ts instead: a worker
 * with a DevTools-paused request does not start again once stopped).
 * The worker's WebSocket is not intercepted by the Fetch domain: with the network "cut", the device
 * still hears that something changed but cannot fetch it, and cannot push — which is what a flaky
 * or captive network looks like to it.
 */
import type { Page } from 'puppeteer-core';
import type { ExtensionBrowser } from './browsers.ts';

interface RequestPaused {
  requestId: string;
  request: { url: string; method: string };
  responseStatusCode?: number;
}

/** Fails every HTTP request the background makes until `restore()` is called. */
export async function cutWorkerNetwork(session: ExtensionBrowser): Promise<{ restore(): Promise<void>; failed(): number }> {
  const client = (await session.backgroundWorker()).client;
  let failed = 0;
  const onPaused = (event: RequestPaused) => {
    failed += 1;
    void client.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'InternetDisconnected' }).catch(() => undefined);
  };
  client.on('Fetch.requestPaused', onPaused);
  await client.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  return {
    failed: () => failed,
    async restore() {
      client.off('Fetch.requestPaused', onPaused);
      await client.send('Fetch.disable').catch(() => undefined);
    },
  };
}

/** Stops every service worker of the browser (as Chrome does to an idle one, but now). */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const client = await page.createCDPSession();
  await client.send('ServiceWorker.enable');
  await client.send('ServiceWorker.stopAllWorkers');
  await client.detach();
}
