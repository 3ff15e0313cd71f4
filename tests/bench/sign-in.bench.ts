/**
 * Sign-in latency (p50, p99) and throughput of a real hub process, on SQLite and on PostgreSQL,
 * with the production Argon2id cost (19 MiB, t=2). Latency is measured with one client at a time
 * (what a person waits); throughput with 8 concurrent connections for 10 s (autocannon).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { ms, printTable, summarize } from './stats.ts';

const ACCOUNTS = 16;
const SEQUENTIAL_SIGN_INS = 200;
const CONNECTIONS = 8;
const DURATION_SECONDS = 10;
const PASSWORD = 'Bench-Quartz-47';

interface Result {
  database: string;
  p50: number;
  p99: number;
  loadedP50: number;
  loadedP99: number;
  throughput: number;
  errors: number;
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function benchOne(kind: 'sqlite' | 'postgres'): Promise<Result> {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  const env: Record<string, string> = {
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '19456',
    ARGON2_ITERATIONS: '2',
    // Thousands of sign-ins from one address: the per-IP ceiling (300 an hour) would answer 429 after
    // the first few hundred. The guard still runs on every request, so its cost is in the figures.
    IP_ATTEMPT_CEILING: '1000000',
  };
  if (kind === 'postgres') {
    database = await createTestDatabase('postgres');
    Object.assign(env, database.env);
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-'));
    env.DATA_DIR = dataDir;
  }
  const hub = await startHubProcess({ env });
  try {
    const bodies: string[] = [];
    for (let index = 0; index < ACCOUNTS; index++) {
      const email = `bench-${index}-${randomUUID().slice(0, 8)}@example.com`;
      const device = { id: randomUUID(), name: 'Bench on Linux', browser: 'chromium', platform: 'linux' };
      const created = await post(`${hub.url}/v1/accounts`, { email, password: PASSWORD, region: 'us', marketingConsent: false, device });
      if (created.status !== 201) throw new Error(`account creation failed: HTTP ${created.status} ${await created.text()}`);
      bodies.push(JSON.stringify({ email, password: PASSWORD, device }));
    }

    const samples: number[] = [];
    for (let index = 0; index < SEQUENTIAL_SIGN_INS + 20; index++) {
      const started = performance.now();
      const response = await fetch(`${hub.url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bodies[index % bodies.length],
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`sign-in failed: HTTP ${response.status}`);
      if (index >= 20) samples.push(performance.now() - started); // the first 20 warm up
    }
    const sequential = summarize(samples);

    let next = 0;
    const loaded = await autocannon({
      url: hub.url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/v1/sessions',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        },
      ],
    });
    return {
      database: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      p50: sequential.p50,
      p99: sequential.p99,
      loadedP50: loaded.latency.p50,
      loadedP99: loaded.latency.p99,
      throughput: loaded.requests.average,
      errors: loaded.non2xx + loaded.errors,
    };
  } finally {
    await hub.stop();
    await database?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runSignInBench(): Promise<void> {
  const results = [await benchOne('sqlite'), await benchOne('postgres')];
  printTable(
    `Sign-in (POST /v1/sessions, Argon2id 19 MiB t=2): ${SEQUENTIAL_SIGN_INS} sequential, then ${CONNECTIONS} connections × ${DURATION_SECONDS} s`,
    ['database', 'p50 (1 client)', 'p99 (1 client)', `p50 (${CONNECTIONS} conn)`, `p99 (${CONNECTIONS} conn)`, 'throughput', 'errors'],
    results.map((result) => [
      result.database,
      ms(result.p50),
      ms(result.p99),
      ms(result.loadedP50),
      ms(result.loadedP99),
      `${result.throughput.toFixed(1)} sign-ins/s`,
      String(result.errors),
    ]),
  );
  if (results.some((result) => result.errors > 0)) throw new Error('some sign-ins failed during the benchmark');
}
