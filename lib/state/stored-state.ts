/**
 * Every piece of state the extension stores, where, and when it is wiped. Background-owned; the
 * popup reads it only through messages. Keep this table in step with the code that writes state.
 *
 * | what                        | where                                   | wiped                   |
 * | --------------------------- | --------------------------------------- | ----------------------- |
 * | server address (if custom)  | storage.local `serverAddress`           | never (user setting)    |
 * | device id                   | storage.local `deviceId`                | never (names the browser to the hub) |
 * | last signed-in email        | storage.local `lastEmail`               | never (pre-fills sign-in) |
 * | session: tokens + account   | IndexedDB `tessera` / `session`         | on sign-out, on revocation |
 * | interrupted sign-in or account creation (step, picture, challenge id, backoff; no password) | storage.session `attempt` | on success, on another server address, browser restart |
 * | that attempt's password     | background memory only                  | on success, cancel, wrong password, worker restart |
 * | vault key (unlocked), its account id, last activity | background memory + storage.session `vaultKey` | on lock (user, idle deadline, sign-out, revocation), browser close; a worker restart past the deadline clears it |
 * | decrypted item previews     | background memory only                  | on lock                 |
 * | vault items (ciphertext only) + the hub revision and acknowledged blob (`base`) each is based on | IndexedDB `tessera` / `vaultItems` | on sign-out, remote sign-out, revocation; another account signs in here; purged from the trash after 30 days |
 * | sync outbox: one entry per item with a change the hub has not acknowledged (id, deleted?, base revision, time, failure code; no item data) | IndexedDB `tessera` / `outbox` | entry: when the hub acknowledged the item's current blob; all: with the vault items |
 * | sync cursor (hub revision pulled up to) and the push batch in flight (ids, base revisions, ciphertext blobs) | IndexedDB `vaultMeta` `cursor`, `inflight` | in flight: once its answer is stored; both: with the vault items |
 * | vault owner (account id)    | IndexedDB `vaultMeta` `owner`           | with the vault items    |
 * | cached keyset (wrapped vault key, salt, KDF params) | IndexedDB `vaultMeta` `keyset` | with the vault items (refreshed when the socket says `keyset`) |
 * | keyset version last unlocked with | IndexedDB `vaultMeta` `unlockedKeysetVersion` | with the vault items |
 * | encrypted listing snapshot + item generation | IndexedDB `vaultMeta` `listing`, `generation` | with the vault items |
 * | lock timeout                | IndexedDB `vaultMeta` `settings`        | never (a preference of this browser) |
 * | autofill settings: fill on page load, "never offer to save" sites | IndexedDB `vaultMeta` `autofill` | with the vault items (sign-out) |
 * | autofill tokens: in-page menus (tab, frame, document, origin) and save/update offers (the submitted username and password, waiting for the person's answer) | background memory + storage.session `autofillTokens` | menu: after a fill/close or 10 min; offer: on answer, lock, 2 min unless shown (10 min once shown), tab close; all: browser close |
 * | frames that reported sign-in forms (tab, frame, document id, origin, URL, form kinds) | background memory + storage.session `autofillFrames` | tab close, top-frame navigation, browser close |
 * | the account chosen in a username-first step (item id or typed username, per tab and site) | background memory + storage.session `autofillRemembered` | after 10 min, tab close, browser close |
 * | idle-lock and trash-purge alarms (`vault-idle-lock`, `vault-trash-purge`; no data) | browser.alarms | on lock |
 * | sync poll alarm (`sync-poll`, every minute; no data) | browser.alarms | on sign-out |
 * | sync status (state, last sync time, hub revision heard of) | background memory only | on sign-out, worker restart |
 *
 * Sign-out (voluntary, remote, or a revoked session) WIPES the local vault: items, outbox, cursor,
 * in-flight batch, listing, owner and keyset cache — everything in `vaultItems`, `outbox` and
 * `vaultMeta` but the lock-timeout setting — and locks (the key leaves memory and storage.session).
 * The hub holds every acknowledged item, so nothing acknowledged is lost; a voluntary sign-out first
 * gives the outbox up to 5 seconds to reach the hub (lib/sync/sync.ts) — changes still waiting after
 * that are lost with the wipe, as with any sign-out while offline. A remote sign-out wipes at once.
 *
 * Tokens live in the extension's IndexedDB rather than storage.local because content scripts can
 * read storage.local but never the extension origin's IndexedDB. storage.session keeps its default
 * access level (extension pages only); nothing may ever open it to content scripts.
 */
export const LOCAL_KEYS = {
  serverAddress: 'local:serverAddress',
  deviceId: 'local:deviceId',
  lastEmail: 'local:lastEmail',
} as const;

export const SESSION_KEYS = {
  attempt: 'session:attempt',
  vaultKey: 'session:vaultKey',
  autofillTokens: 'session:autofillTokens',
  autofillFrames: 'session:autofillFrames',
  autofillRemembered: 'session:autofillRemembered',
} as const;
