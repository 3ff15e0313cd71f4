import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_PREFIX, RefreshRequest } from '../../lib/protocol/sessions.ts';
import { hashToken, newToken } from './tokens.ts';

describe('newToken', () => {
  it('starts with the given prefix when made', () => {
    expect(newToken(ACCESS_TOKEN_PREFIX).startsWith(ACCESS_TOKEN_PREFIX)).toBe(true);
  });

  it('carries 32 random bytes as base64url when made', () => {
    const body = newToken('x_').slice(2);
    expect(body).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(body, 'base64url')).toHaveLength(32);
  });

  it('never repeats when made many times', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => newToken('t_')));
    expect(tokens.size).toBe(10_000);
  });

  it('fits the protocol token field when made with the hub prefixes', () => {
    expect(RefreshRequest.safeParse({ refreshToken: newToken('tsr_') }).success).toBe(true);
  });
});

describe('hashToken', () => {
  it('gives the same hash when hashing the same token twice', () => {
    const token = newToken('t_');
    expect(hashToken(token)).toBe(hashToken(token));
  });

  it('is the SHA-256 hex digest when hashing', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('does not contain the token when hashing', () => {
    const token = newToken('t_');
    expect(hashToken(token)).not.toContain(token.slice(2, 12));
  });
});
