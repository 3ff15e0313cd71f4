/**
 * The hub's side of sync, on SQLite and on PostgreSQL, with real encrypted item blobs:
 * - bytes on the wire (request + response, headers included, counted on the TCP socket) for one
 *   changed item in a 10,000-item vault: the push, and the other device's pull of it (goal ≤ 4 KB
 *   each way);
 * - throughput of `GET /v1/vault/changes` when nothing changed (what every device's poll costs),
 *   8 connections for 10 s (autocannon).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { toBase64 } from '../../lib/crypto/base64.ts';
import { encryptItem } from '../../lib/crypto/vault-keys.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { printTable } from './stats.ts';

const ITEMS = 10_000;
const CHUNK = 500;
const CONNECTIONS = 8;
const DURATION_SECONDS = 10;
const PASSWORD = 'Bench-Quartz-47';

interface Exchange {
  status: number;
  body: string;
  sent: number;
  received: number;
}

/** One HTTP request on a fresh connection; counts the bytes that crossed the socket each way. */
function exchange(url: string, options: { method: string; token?: string; json?: unknown }): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const request = http.request(url, {
      method: options.method,
      agent: false,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const socket = request.socket;
        if (!socket) {
          reject(new Error('the request has no socket to count bytes on'));
          return;
        }
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sent: socket.bytesWritten, received: socket.bytesRead });
        socket.destroy();
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A realistic login as the extension encrypts it (item JSON → XChaCha20-Poly1305 blob). */
function itemBlob(vaultKey: Uint8Array, id: string, index: number): string {
  const item = {
    format: 1,
    id,
    content: {
      kind: 'login',
      title: `Account ${index}`,
      notes: index % 7 === 0 ? 'Recovery questions and other details for this account.' : '',
      fields: [],
      login: { username: `user${index}@example.com`, password: randomBytes(12).toString('base64url'), websites: [{ url: `https://site${index % 500}.example/login`, match: 'site' }], totp: '' },
    },
    favourite: false,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    trashedAt: null,
    passwordHistory: [],
  };
  return toBase64(encryptItem(vaultKey, id, new TextEncoder().encode(JSON.stringify(item))));
}

const newId = () => randomBytes(16).toString('base64url');

async function signIn(hubUrl: string, email: string): Promise<string> {
  const device = { id: randomUUID(), name: 'Bench on Linux', browser: 'chromium', platform: 'linux' };
  const response = await exchange(`${hubUrl}/v1/sessions`, { method: 'POST', json: { email, password: PASSWORD, device } });
  if (response.status !== 200) throw new Error(`sign-in failed: HTTP ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { accessToken: string }).accessToken;
}

/** Opens the activation link from the hub's development outbox, so other devices may sign in. */
async function activate(hubUrl: string, email: string): Promise<void> {
  const outbox = await exchange(`${hubUrl}/dev/outbox.json?recipient=${encodeURIComponent(email)}`, { method: 'GET' });
  const token = /activate\?token=([A-Za-z0-9_-]+)/.exec(outbox.body)?.[1];
  if (!token) throw new Error(`no activation link in the development outbox: ${outbox.body.slice(0, 300)}`);
  const activated = await exchange(`${hubUrl}/v1/accounts/activation`, { method: 'POST', json: { token } });
  if (activated.status >= 300) throw new Error(`activation failed: HTTP ${activated.status} ${activated.body}`);
}

interface Result {
  database: string;
  pushSent: number;
  pushReceived: number;
  pullSent: number;
  pullReceived: number;
  idleThroughput: number;
  idleP50: number;
  errors: number;
}

async function benchOne(kind: 'sqlite' | 'postgres'): Promise<Result> {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  const env: Record<string, string> = { LOG_LEVEL: 'warn', ARGON2_MEMORY_KIB: '4096', ARGON2_ITERATIONS: '1' };
  if (kind === 'postgres') {
    database = await createTestDatabase('postgres');
    Object.assign(env, database.env);
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-sync-'));
    env.DATA_DIR = dataDir;
  }
  const hub = await startHubProcess({ env });
  try {
    const email = `bench-sync-${randomUUID().slice(0, 8)}@example.com`;
    const created = await exchange(`${hub.url}/v1/accounts`, { method: 'POST', json: { email, password: PASSWORD, region: 'us', marketingConsent: false } });
    if (created.status !== 201) throw new Error(`account creation failed: HTTP ${created.status} ${created.body}`);
    await activate(hub.url, email);
    const deviceA = await signIn(hub.url, email);
    const deviceB = await signIn(hub.url, email);
    const vaultKey = randomBytes(32);

    const ids: string[] = [];
    for (let offset = 0; offset < ITEMS; offset += CHUNK) {
      const changes = Array.from({ length: CHUNK }, (_, index) => {
        const id = newId();
        ids.push(id);
        return { id, baseRevision: 0, blob: itemBlob(vaultKey, id, offset + index) };
      });
      const pushed = await exchange(`${hub.url}/v1/vault/changes`, { method: 'POST', token: deviceA, json: { batchId: randomUUID(), changes } });
      if (pushed.status !== 200) throw new Error(`filling the vault failed: HTTP ${pushed.status} ${pushed.body.slice(0, 300)}`);
    }
    // Device B is up to date: its cursor is the account's revision.
    const full = await exchange(`${hub.url}/v1/vault/changes?since=${ITEMS - 1}`, { method: 'GET', token: deviceB });
    const cursor = (JSON.parse(full.body) as { cursor: number }).cursor;

    // One item edited on A (its revision is its position: one item per revision while filling).
    const index = 1234;
    const edited = itemBlob(vaultKey, ids[index]!, index);
    const push = await exchange(`${hub.url}/v1/vault/changes`, {
      method: 'POST',
      token: deviceA,
      json: { batchId: randomUUID(), changes: [{ id: ids[index], baseRevision: index + 1, blob: edited }] },
    });
    if (push.status !== 200 || !push.body.includes('"applied"')) throw new Error(`the edit was not applied: ${push.body.slice(0, 300)}`);
    const pull = await exchange(`${hub.url}/v1/vault/changes?since=${cursor}`, { method: 'GET', token: deviceB });
    if (!pull.body.includes(ids[index]!)) throw new Error('the pull did not bring the edited item');

    const newCursor = (JSON.parse(pull.body) as { cursor: number }).cursor;
    const idle = await autocannon({
      url: `${hub.url}/v1/vault/changes?since=${newCursor}`,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      headers: { authorization: `Bearer ${deviceB}` },
    });
    return {
      database: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      pushSent: push.sent,
      pushReceived: push.received,
      pullSent: pull.sent,
      pullReceived: pull.received,
      idleThroughput: idle.requests.average,
      idleP50: idle.latency.p50,
      errors: idle.non2xx + idle.errors,
    };
  } finally {
    await hub.stop();
    await database?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runSyncHubBench(): Promise<void> {
  const results = [await benchOne('sqlite'), await benchOne('postgres')];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  printTable(
    `Sync on the hub (${ITEMS.toLocaleString('en')} items of real ciphertext): one edited item on the wire, then GET /v1/vault/changes with nothing new, ${CONNECTIONS} connections × ${DURATION_SECONDS} s`,
    ['database', 'push: up', 'push: down', 'pull: up', 'pull: down', 'no-change polls', 'p50', 'errors'],
    results.map((result) => [
      result.database,
      kb(result.pushSent),
      kb(result.pushReceived),
      kb(result.pullSent),
      kb(result.pullReceived),
      `${result.idleThroughput.toFixed(0)} req/s`,
      `${result.idleP50} ms`,
      String(result.errors),
    ]),
  );
  console.log('(goal: ≤ 4 KB each way for one changed item; "up" = bytes the device sends, "down" = bytes it receives, headers included)');
  if (results.some((result) => result.errors > 0)) throw new Error('some polls failed during the benchmark');
}
