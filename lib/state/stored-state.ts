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
} as const;
