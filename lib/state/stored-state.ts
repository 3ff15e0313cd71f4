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
 * | vault items (ciphertext only) | IndexedDB `tessera` / `vaultItems`    | another account signs in here; purged from the trash after 30 days; NOT on sign-out (see below) |
 * | vault owner (account id)    | IndexedDB `vaultMeta` `owner`           | another account signs in here |
 * | cached keyset (wrapped vault key, salt, KDF params) | IndexedDB `vaultMeta` `keyset` | another account signs in here |
 * | keyset version last unlocked with | IndexedDB `vaultMeta` `unlockedKeysetVersion` | another account signs in here |
 * | encrypted listing snapshot + item generation | IndexedDB `vaultMeta` `listing`, `generation` | another account signs in here |
 * | lock timeout                | IndexedDB `vaultMeta` `settings`        | never (a preference of this browser) |
 * | idle-lock and trash-purge alarms (`vault-idle-lock`, `vault-trash-purge`; no data) | browser.alarms | on lock |
 *
 * Sign-out locks the vault but KEEPS the encrypted local items: until the sync issue they exist only
 * on this device, so wiping them would lose them. The sync issue changes sign-out to wipe the local
 * vault (the hub then holds every item).
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
} as const;
