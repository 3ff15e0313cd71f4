/**
 * Validation of a user-entered hub address ("Server address"), before anything is saved; used by the
 * popup (to ask for the host permission) and the background (before saving). Pure TS.
 * Decision: https for every host; plain http only for this computer (localhost, 127.0.0.0/8, [::1]),
 * because tokens and account passwords must never cross a network unencrypted.
 */

export type ServerAddressCheck = { ok: true; address: string; origin: string } | { ok: false; reason: 'invalid' | 'insecure' };

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function checkServerAddress(input: string): ServerAddressCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'invalid' };
  if (url.username || url.password || url.search || url.hash || !url.hostname) return { ok: false, reason: 'invalid' };
  if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) return { ok: false, reason: 'insecure' };
  // A hub may live under a path behind a reverse proxy; keep it, without the trailing slash.
  const address = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { ok: true, address, origin: url.origin };
}

/**
 * The host-permission pattern that lets the background reach the hub at this origin. Match patterns
 * carry no port (they cover every port); Firefox does not count `http://127.0.0.1:4567/*` as granted
 * by the manifest's `http://127.0.0.1/*` and would prompt, so the port is left out.
 */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
