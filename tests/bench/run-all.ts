/**
 * `npm run bench`: every benchmark, one after another, each printing its own table.
 * Figures depend on the machine; the reference machine is 2 cores (see README "Benchmarks").
 */
import os from 'node:os';
import { runCaptchaBench } from './captcha.bench.ts';
import { runRateLimitBench } from './rate-limit.bench.ts';
import { runSignInBench } from './sign-in.bench.ts';

console.log(`Tessera benchmarks — Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
await runSignInBench();
runCaptchaBench();
await runRateLimitBench();
