import { describe, expect, it } from 'vitest';
import { checkServerAddress, originPattern } from './server-address.ts';

describe('checkServerAddress', () => {
  it('accepts an https address when given one', () => {
    expect(checkServerAddress('https://hub.example.com')).toEqual({ ok: true, address: 'https://hub.example.com', origin: 'https://hub.example.com' });
  });

  it('removes the trailing slash when the address ends with one', () => {
    expect(checkServerAddress('https://hub.example.com/')).toMatchObject({ ok: true, address: 'https://hub.example.com' });
    expect(checkServerAddress('https://hub.example.com/tessera//')).toMatchObject({ ok: true, address: 'https://hub.example.com/tessera' });
  });

  it('keeps the path prefix when the hub lives under a path', () => {
    expect(checkServerAddress('https://example.com/apps/tessera')).toEqual({
      ok: true,
      address: 'https://example.com/apps/tessera',
      origin: 'https://example.com',
    });
  });

  it('trims spaces and lower-cases scheme and host when the user typed them so', () => {
    expect(checkServerAddress('  HTTPS://Hub.Example.COM:8443/Tessera  ')).toMatchObject({ ok: true, address: 'https://hub.example.com:8443/Tessera' });
  });

  it('drops the default port when the address names it', () => {
    expect(checkServerAddress('https://hub.example.com:443')).toMatchObject({ ok: true, address: 'https://hub.example.com' });
  });

  it.each(['http://localhost:8787', 'http://127.0.0.1:8787', 'http://127.4.5.6', 'http://[::1]:8787', 'http://LOCALHOST'])(
    'accepts plain http when the host is this computer (%s)',
    (input) => {
      expect(checkServerAddress(input).ok).toBe(true);
    },
  );

  it.each(['http://hub.example.com', 'http://192.168.1.20:8787', 'http://127.0.0.1.nip.io', 'http://localhost.example.com', 'http://[::2]'])(
    'refuses plain http as insecure when the host is another computer (%s)',
    (input) => {
      expect(checkServerAddress(input)).toEqual({ ok: false, reason: 'insecure' });
    },
  );

  it.each([
    ['credentials', 'https://user:secret@hub.example.com'],
    ['a user name', 'https://user@hub.example.com'],
    ['a query', 'https://hub.example.com/?token=1'],
    ['a fragment', 'https://hub.example.com/#top'],
    ['another scheme', 'ftp://hub.example.com'],
    ['a script', 'javascript:alert(1)'],
    ['no scheme', 'hub.example.com'],
    ['nothing', ''],
  ])('refuses the address as invalid when it has %s', (_what, input) => {
    expect(checkServerAddress(input)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('originPattern', () => {
  it('matches every path of the origin when built for a host permission', () => {
    expect(originPattern('https://hub.example.com:8443')).toBe('https://hub.example.com/*');
  });
});
