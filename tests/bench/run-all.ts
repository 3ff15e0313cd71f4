/**
 * `npm run bench`: every benchmark, one after another, each printing its own table; name some
 * (`npm run bench -- vault kdf`) to run only those. The vault, sync-browser and autofill benchmarks
 * drive the built Chromium extension, which `npm run bench` builds first. Figures depend on the
 * machine; the reference machine is 2 cores (see README "Benchmarks").
 */
import os from 'node:os';
import { runAutofillBench } from './autofill.bench.ts';
import { runCaptchaBench } from './captcha.bench.ts';
import { runKdfBench } from './kdf.bench.ts';
import { runRateLimitBench } from './rate-limit.bench.ts';
import { runSignInBench } from './sign-in.bench.ts';
import { runSyncBrowserBench } from './sync-browser.bench.ts';
import { runSyncHubBench } from './sync-hub.bench.ts';
import { runVaultBench } from './vault.bench.ts';

const BENCHES: Record<string, () => unknown> = {
  'sign-in': runSignInBench,
  captcha: runCaptchaBench,
  'rate-limit': runRateLimitBench,
  kdf: runKdfBench,
  vault: runVaultBench,
  'sync-hub': runSyncHubBench,
  'sync-browser': runSyncBrowserBench,
  autofill: runAutofillBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

console.log(`Tessera benchmarks — Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
for (const [name, run] of Object.entries(BENCHES)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
