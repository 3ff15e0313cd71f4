/**
 * The changes API under concurrent pushes (revisions unique and gapless per account, one winner per
 * item), the revision hook the "account changed" notices hang on, and what a push leaves in the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/accounts/password-hasher.ts';
import { buildHub } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { newDevice, signIn } from '../support/hub-client.ts';
import { createLogCapture } from '../support/log-capture.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { createTestClock, createTestHub, type TestHub } from '../support/test-hub.ts';
import { signedInAccount } from '../support/two-step.ts';
import { newItemId, pull, push, pushBody, pushedOf, randomBlob, syncApi } from '../support/vault-sync.ts';

describe('vault changes under concurrent pushes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  /** An account signed in on two devices. */
  async function twoDevices() {
    const account = await signedInAccount(hub.app);
    const second = await signIn(hub.app, { ...account, device: newDevice() });
    return [account.tokens.accessToken, second.accessToken] as const;
  }

  it('gives twelve concurrent batches of a new account unique, gapless revisions', async () => {
    const tokens = await twoDevices();
    const batches = Array.from({ length: 12 }, () => Array.from({ length: 5 }, () => ({ id: newItemId(), baseRevision: 0, blob: randomBlob() })));
    const answers = await Promise.all(batches.map((changes, index) => syncApi.push(hub.app, pushBody(changes), tokens[index % 2])));
    const revisions = answers.flatMap((answer) =>
      pushedOf(answer).results.map((result) => (result.status === 'applied' ? result.revision : -1)),
    );
    expect(revisions.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    // One batch takes consecutive revisions, and its cursor is its last one.
    for (const answer of answers.map(pushedOf)) {
      const own = answer.results.map((result) => (result.status === 'applied' ? result.revision : -1));
      expect(own).toEqual(Array.from({ length: 5 }, (_, index) => own[0]! + index));
      expect(answer.cursor).toBe(own[4]);
    }
    const page = await pull(hub.app, tokens[0], '?limit=1000');
    expect(page.cursor).toBe(60);
    expect(new Set(page.items.map((item) => item.revision)).size).toBe(60);
  });

  it('applies exactly one of two devices racing on the same item and answers the other with the winner', async () => {
    const tokens = await twoDevices();
    for (let round = 0; round < 5; round += 1) {
      const id = newItemId();
      await push(hub.app, tokens[0], [{ id, baseRevision: 0, blob: randomBlob() }]);
      const base = (await pull(hub.app, tokens[0], '?limit=1000')).cursor;
      const blobs = [randomBlob(), randomBlob()];
      const answers = (
        await Promise.all(blobs.map((blob, index) => syncApi.push(hub.app, pushBody([{ id, baseRevision: base, blob }]), tokens[index])))
      ).map((answer) => pushedOf(answer).results[0]!);
      const applied = answers.filter((result) => result.status === 'applied');
      const conflicts = answers.flatMap((result) => (result.status === 'conflict' ? [result] : []));
      expect(applied).toEqual([{ id, status: 'applied', revision: base + 1 }]);
      const winner = blobs[answers.indexOf(applied[0]!)];
      expect(conflicts).toEqual([{ id, status: 'conflict', current: { id, revision: base + 1, blob: winner, deleted: false } }]);
    }
  });

  it('applies a batch once when the same batch arrives several times at once', async () => {
    const tokens = await twoDevices();
    const body = pushBody(Array.from({ length: 4 }, () => ({ id: newItemId(), baseRevision: 0, blob: randomBlob() })));
    const answers = await Promise.all(Array.from({ length: 6 }, () => syncApi.push(hub.app, body, tokens[0])));
    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect((await pull(hub.app, tokens[1])).cursor).toBe(4);
  });
});

describe('vault revision hook', () => {
  it('tells the hub builder the account and its new revision after each push that applied something', async () => {
    const testDatabase = await createTestDatabase();
    const notices: [string, number][] = [];
    const config = loadConfig({ NODE_ENV: 'test', DEV_MODE: 'true', PUBLIC_URL: 'http://hub.test', LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' });
    const app = await buildHub({
      config,
      database: testDatabase.database,
      hasher: await createPasswordHasher(config.argon2),
      clock: createTestClock(),
      logger: false,
      onVaultRevision: (accountId, revision) => {
        notices.push([accountId, revision]);
        if (revision === 3) throw new Error('a listener failed');
      },
    });
    try {
      const { account, tokens } = await signedInAccount(app);
      const id = newItemId();
      await push(app, tokens.accessToken, [{ id, baseRevision: 0, blob: randomBlob() }, { id: newItemId(), baseRevision: 0, blob: randomBlob() }]);
      expect(notices).toEqual([[account.id, 2]]);
      // Only conflicts, a replay, a refusal: nothing changed, nobody is told.
      await push(app, tokens.accessToken, [{ id, baseRevision: 0, blob: randomBlob() }]);
      const body = pushBody([{ id, baseRevision: 1, blob: randomBlob() }]);
      pushedOf(await syncApi.push(app, body, tokens.accessToken));
      expect(notices).toEqual([[account.id, 2], [account.id, 3]]);
      // A listener that throws does not fail the push it was told about (revision 3 above).
      expect(pushedOf(await syncApi.push(app, body, tokens.accessToken)).results[0]).toMatchObject({ status: 'applied', revision: 3 });
      expect((await syncApi.push(app, pushBody([{ id, baseRevision: 9, blob: 'x' }]), tokens.accessToken)).statusCode).toBe(400);
      expect(notices).toEqual([[account.id, 2], [account.id, 3]]);
    } finally {
      await app.close();
      await testDatabase.dispose();
    }
  });
});

describe('vault changes logs', () => {
  it('logs ids, counts and revisions but none of the blobs when items are pushed, replayed, refused and pulled', async () => {
    const logs = createLogCapture();
    const hub = await createTestHub({ logStream: logs.stream, env: { VAULT_MAX_ITEMS: '2' } });
    try {
      const { account, tokens } = await signedInAccount(hub.app);
      const blobs = [randomBlob(), randomBlob(), randomBlob()];
      const ids = [newItemId(), newItemId(), newItemId()];
      const body = pushBody([{ id: ids[0]!, baseRevision: 0, blob: blobs[0]! }]);
      await syncApi.push(hub.app, body, tokens.accessToken);
      await syncApi.push(hub.app, body, tokens.accessToken); // replayed
      await syncApi.push(hub.app, pushBody([{ id: ids[0]!, baseRevision: 0, blob: blobs[1]! }]), tokens.accessToken); // conflict
      await syncApi.push(hub.app, pushBody(ids.map((id, index) => ({ id, baseRevision: index === 0 ? 1 : 0, blob: blobs[index]! }))), tokens.accessToken); // 403
      await syncApi.push(hub.app, pushBody([{ id: ids[1]!, baseRevision: 0, blob: `${blobs[1]!}x` }]), tokens.accessToken); // 400
      await syncApi.pull(hub.app, tokens.accessToken);
      const text = logs.text();
      for (const blob of blobs) {
        expect(text).not.toContain(blob);
        expect(text).not.toContain(blob.slice(0, 16));
      }
      expect(logs.records()).toContainEqual(
        expect.objectContaining({ accountId: account.id, deviceId: tokens.deviceId, batchId: body.batchId, changes: 1, applied: 1, conflicts: 0, revision: 1, msg: 'vault batch pushed' }),
      );
      expect(logs.records()).toContainEqual(expect.objectContaining({ accountId: account.id, batchId: body.batchId, msg: 'vault batch replayed' }));
      expect(logs.records()).toContainEqual(expect.objectContaining({ accountId: account.id, applied: 0, conflicts: 1, msg: 'vault batch pushed' }));
      expect(logs.records()).toContainEqual(expect.objectContaining({ errorCode: 'quota_exceeded', status: 403 }));
    } finally {
      await hub.close();
    }
  });
});
