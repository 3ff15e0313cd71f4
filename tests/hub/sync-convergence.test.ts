/**
 * Sync converges (issue 5): three simulated browsers — each the real item service and sync engine
 * (lib/vault, lib/sync) over its OWN fake IndexedDB, real crypto — against the real hub in process
 * (tests/support/test-hub.ts, so on SQLite and PostgreSQL). fast-check generates sequences of
 * creates, field edits, favourites, trash/restore, deletions, edits made while a push is at the
 * hub, offline periods, lost push answers (applied on the hub, answer dropped → resent), pulls
 * without a push and pushes without a pull, and syncs in random order. At the end everyone goes online and syncs until quiet:
 * every vault decrypts to the same items as the hub holds, no outbox is left, and every value the hub
 * acknowledged (an applied result seen by its device) is still in some item — its field, password
 * history or a conflict copy — unless a device replaced or deleted it knowingly (it had that value
 * in front of it when it edited or deleted).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import type { IDBPDatabase } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../lib/crypto/base64.ts';
import { ErrorBody } from '../../lib/protocol/errors.ts';
import { type ItemContent, type VaultItem } from '../../lib/protocol/vault-item.ts';
import { ChangesPage, type PushRequest, PushResponse } from '../../lib/protocol/vault-sync.ts';
import { HubRequestError } from '../../lib/session/hub-client.ts';
import type { TesseraDb } from '../../lib/state/local-database.ts';
import { createSyncEngine, type SyncEngine, type SyncHub } from '../../lib/sync/sync-engine.ts';
import { createItemService, type ItemService } from '../../lib/vault/item-service.ts';
import { openItem } from '../../lib/vault/item-codec.ts';
import { createListing, type Listing } from '../../lib/vault/listing.ts';
import { createSerial } from '../../lib/vault/serial.ts';
import { createVaultStore, type VaultStore } from '../../lib/vault/vault-store.ts';
import { bearer, newDevice, signIn } from '../support/hub-client.ts';
import { databaseOn } from '../support/indexed-db.ts';
import { createTestHub, RELAXED_ABUSE_LIMITS, type TestHub } from '../support/test-hub.ts';
import { signedInAccount } from '../support/two-step.ts';

const RUNS = 100;
const MAX_STEPS = 40;
const CLIENTS = 3;
const FIELDS = ['title', 'notes', 'username', 'password'] as const;
type Field = (typeof FIELDS)[number];

type Step =
  | { op: 'create'; client: number }
  | { op: 'edit'; client: number; item: number; field: Field }
  | { op: 'editDuringPush'; client: number; item: number; field: Field }
  | { op: 'favourite'; client: number; item: number }
  | { op: 'trash' | 'restore' | 'delete'; client: number; item: number }
  | { op: 'offline' | 'online' | 'loseAnswer' | 'sync' | 'pull' | 'pushOnly'; client: number };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const item = fc.nat(50);
const field = fc.constantFrom(...FIELDS);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('create' as const), client }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('edit' as const), client, item, field }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('editDuringPush' as const), client, item, field }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('favourite' as const), client, item }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('trash' as const, 'restore' as const, 'delete' as const), client, item }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('offline' as const, 'online' as const, 'loseAnswer' as const), client }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('sync' as const, 'pull' as const, 'pushOnly' as const), client }) },
);

const valueOf = (content: ItemContent, name: Field): string =>
  name === 'title' ? content.title : name === 'notes' ? content.notes : (content.login?.[name] ?? '');

function withValue(content: ItemContent, name: Field, value: string): ItemContent {
  if (name === 'title' || name === 'notes') return { ...content, [name]: value };
  return { ...content, login: { ...(content.login ?? { username: '', password: '', websites: [], totp: '' }), [name]: value } };
}

/** Every text an item keeps a value in: its fields and its password history. */
const textsOf = (value: VaultItem): string[] => [
  ...FIELDS.map((name) => valueOf(value.content, name)),
  ...value.passwordHistory.map((entry) => entry.password),
];

interface Client {
  store: VaultStore;
  listing: Listing;
  items: ItemService;
  engine: SyncEngine;
  online: boolean;
  loseNextAnswer: boolean;
  /** Runs once while this client's push is at the hub (applied, not yet answered). */
  duringPush: (() => Promise<void>) | null;
  database: () => Promise<IDBPDatabase<TesseraDb>>;
}

describe('sync convergence (three clients, real hub)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { ...RELAXED_ABUSE_LIMITS, IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  /** The hub's sync routes through app.inject, with this client's network switch and lost answers. */
  function transport(self: () => Client): SyncHub {
    const offline = () => new HubRequestError('network_error', 0);
    const fail = (response: { statusCode: number; json(): unknown }) => {
      const parsed = ErrorBody.safeParse(response.json());
      const { code = 'internal_error', message: _message, ...details } = parsed.success ? parsed.data.error : {};
      return new HubRequestError(code, response.statusCode, details);
    };
    return {
      async changes(since, limit, token) {
        if (!self().online) throw offline();
        const response = await hub.app.inject({ method: 'GET', url: `/v1/vault/changes?since=${since}${limit ? `&limit=${limit}` : ''}`, headers: bearer(token) });
        if (response.statusCode !== 200) throw fail(response);
        return ChangesPage.parse(response.json());
      },
      async push(body: PushRequest, token) {
        const me = self();
        if (!me.online) throw offline();
        const response = await hub.app.inject({ method: 'POST', url: '/v1/vault/changes', headers: bearer(token), payload: body });
        if (me.duringPush) {
          const edit = me.duringPush;
          me.duringPush = null;
          await edit();
        }
        if (me.loseNextAnswer) {
          me.loseNextAnswer = false;
          throw offline(); // the hub applied it; the device never hears
        }
        if (response.statusCode !== 200) throw fail(response);
        return PushResponse.parse(response.json());
      },
    };
  }

  async function newClient(vaultKey: Uint8Array, token: string, clock: { now: number }, onAcknowledged: (blob: string, id: string) => void): Promise<Client> {
    const factory = new IDBFactory();
    const database = databaseOn(factory);
    const store = createVaultStore(database);
    const listing = createListing(store);
    await listing.load(vaultKey);
    const serial = createSerial();
    const withKey = <T,>(task: (key: Uint8Array) => Promise<T>) => serial(() => task(vaultKey));
    const now = () => (clock.now += 1);
    const self: Client = {
      store,
      listing,
      database,
      online: true,
      loseNextAnswer: false,
      duringPush: null,
      items: createItemService({ store, listing, withKey, activeTabHost: async () => null, now }),
      engine: undefined as unknown as SyncEngine,
    };
    const wire = transport(() => self);
    self.engine = createSyncEngine({
      store,
      listing,
      withKey,
      now,
      authorized: async (call) => ({ value: await call(token, 'http://hub.test') }),
      hub: {
        changes: wire.changes,
        async push(body, accessToken, baseUrl) {
          const answer = await wire.push(body, accessToken, baseUrl);
          for (const result of answer.results) {
            const sent = body.changes.find((change) => change.id === result.id);
            if (result.status === 'applied' && sent?.blob) onAcknowledged(sent.blob, sent.id);
          }
          return answer;
        },
      },
    });
    return self;
  }

  async function decrypted(vaultKey: Uint8Array, target: Client): Promise<Map<string, VaultItem>> {
    const all = new Map<string, VaultItem>();
    for (const record of await target.store.allItems()) all.set(record.id, openItem(vaultKey, record));
    return all;
  }

  it('converges, keeps every acknowledged value, and leaves nothing queued', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: MAX_STEPS / 2, maxLength: MAX_STEPS }), async (steps) => {
        const { account, tokens, password } = await signedInAccount(hub.app);
        const otherTokens = await Promise.all(
          Array.from({ length: CLIENTS - 1 }, () => signIn(hub.app, { email: account.email, password, device: newDevice() })),
        );
        const vaultKey = crypto.getRandomValues(new Uint8Array(32));
        const clock = { now: Date.UTC(2026, 0, 1) };
        // Every value is a unique token, so values alone identify an edit (a conflict copy's title
        // carries its token with " (conflict copy)" after it).
        const acknowledged = new Set<string>();
        const superseded = new Set<string>();
        const rootOf = (value: string) => value.replace(/( \(conflict copy\))+$/, '');
        const onAcknowledged = (blob: string, id: string) => {
          const value = openItem(vaultKey, { id, blob: fromBase64(blob), base: null, revision: 0, updatedAt: 0 });
          for (const name of FIELDS) if (valueOf(value.content, name) !== '') acknowledged.add(rootOf(valueOf(value.content, name)));
        };
        const clients: Client[] = [];
        for (const accessToken of [tokens.accessToken, ...otherTokens.map((other) => other.accessToken)]) {
          clients.push(await newClient(vaultKey, accessToken, clock, onAcknowledged));
        }
        let counter = 0;
        const fresh = (name: string) => `<${name}-${(counter += 1)}>`;

        const pick = async (target: Client, index: number) => {
          const ids = [...target.listing.entries().keys()].sort();
          if (ids.length === 0) return null;
          const id = ids[index % ids.length]!;
          return { id, value: await target.items.get({ id }) };
        };
        const edit = async (target: Client, index: number, name: Field) => {
          const picked = await pick(target, index);
          if (!picked) return;
          superseded.add(rootOf(valueOf(picked.value.content, name)));
          await target.items.update({ id: picked.id, content: withValue(picked.value.content, name, fresh(name)) });
        };
        const settle = async (promise: Promise<unknown>) => {
          try {
            await promise;
          } catch (error) {
            if (!(error instanceof HubRequestError && error.code === 'network_error')) throw error;
          }
        };

        for (const next of steps) {
          const target = clients[next.client]!;
          switch (next.op) {
            case 'create': {
              const title = fresh('title');
              await target.items.create({ content: { kind: 'login', title, notes: '', fields: [], login: { username: fresh('username'), password: fresh('password'), websites: [], totp: '' } }, favourite: false });
              break;
            }
            case 'edit':
              await edit(target, next.item, next.field);
              break;
            case 'editDuringPush':
              target.duringPush = () => edit(target, next.item, next.field);
              await settle(target.engine.run());
              target.duringPush = null;
              break;
            case 'favourite': {
              const picked = await pick(target, next.item);
              if (picked) await target.items.setFavourite({ id: picked.id, favourite: !picked.value.favourite });
              break;
            }
            case 'trash':
            case 'restore': {
              const picked = await pick(target, next.item);
              if (picked) await target.items[next.op]({ id: picked.id });
              break;
            }
            case 'delete': {
              const picked = await pick(target, next.item);
              if (!picked) break;
              for (const text of textsOf(picked.value)) superseded.add(rootOf(text)); // its password history too
              if (picked.value.trashedAt === null) await target.items.trash({ id: picked.id });
              await target.items.deleteForever({ id: picked.id });
              break;
            }
            case 'offline':
              target.online = false;
              break;
            case 'online':
              target.online = true;
              break;
            case 'loseAnswer':
              target.loseNextAnswer = true;
              break;
            case 'sync':
              await settle(target.engine.run());
              break;
            case 'pull':
              await settle(target.engine.pull());
              break;
            case 'pushOnly':
              await settle(target.engine.pushOnce());
              break;
          }
        }

        // Everyone back online; sync in rounds until nothing is queued and every cursor is the hub's.
        for (const each of clients) {
          each.online = true;
          each.loseNextAnswer = false;
        }
        for (let round = 0; round < 8; round += 1) {
          for (const each of clients) await each.engine.run();
          const quiet = await Promise.all(clients.map(async (each) => (await each.engine.pending()) === 0));
          const cursors = await Promise.all(clients.map((each) => each.store.meta('cursor')));
          if (quiet.every(Boolean) && new Set(cursors).size === 1) break;
        }

        for (const each of clients) {
          expect(await each.engine.pending()).toBe(0);
          expect(await each.store.meta('inflight')).toBeUndefined();
        }
        const vaults = await Promise.all(clients.map((each) => decrypted(vaultKey, each)));
        const hubPage = ChangesPage.parse((await hub.app.inject({ method: 'GET', url: '/v1/vault/changes?since=0&limit=1000', headers: bearer(tokens.accessToken) })).json());
        const onHub = new Map(hubPage.items.filter((entry) => !entry.deleted).map((entry) => [entry.id, openItem(vaultKey, { id: entry.id, blob: fromBase64(entry.blob!), base: null, revision: 0, updatedAt: 0 })]));
        for (const vault of vaults) {
          expect(new Map([...vault].sort(([x], [y]) => (x < y ? -1 : 1)))).toEqual(new Map([...onHub].sort(([x], [y]) => (x < y ? -1 : 1))));
        }
        // The listings agree with the items too.
        const listed = clients.map((each) => [...each.listing.entries().values()].map((entry) => entry.preview));
        for (const previews of listed) expect(previews).toEqual(listed[0]);

        const kept = new Set([...onHub.values()].flatMap(textsOf).map(rootOf));
        for (const value of acknowledged) {
          if (!superseded.has(value)) expect(kept.has(value), `acknowledged ${value} was lost`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
