/** The save/update/nothing decision (offer-rules.ts), on its own. */
import { describe, expect, it } from 'vitest';
import { type Candidate, decideOffer, sameUsername, type Submission } from './offer-rules.ts';

const alice: Candidate = { id: 'item-alice', title: 'Bank', username: 'Alice@Example.com', password: 'old-secret' };
const bob: Candidate = { id: 'item-bob', title: 'Bank (Bob)', username: 'bob', password: 'bob-secret' };
const signIn = (username: string, password: string): Submission => ({ formKind: 'sign-in', username, password, newPassword: null });

describe('decideOffer', () => {
  it('offers nothing for a known username with its known password', () => {
    expect(decideOffer(signIn('alice@example.com ', 'old-secret'), [alice, bob])).toBeNull();
  });

  it('offers an update for a known username with another password', () => {
    expect(decideOffer(signIn('alice@example.com', 'new-secret'), [alice, bob])).toEqual({
      kind: 'update',
      itemId: 'item-alice',
      itemTitle: 'Bank',
      username: 'alice@example.com',
      password: 'new-secret',
    });
  });

  it('offers to save an unknown username', () => {
    expect(decideOffer(signIn('carol', 'carol-secret'), [alice, bob])).toEqual({ kind: 'save', username: 'carol', password: 'carol-secret' });
  });

  it('compares usernames that are not e-mail addresses exactly', () => {
    expect(decideOffer(signIn('BOB', 'bob-secret'), [bob])?.kind).toBe('save');
  });

  it('offers nothing for an empty password', () => {
    expect(decideOffer(signIn('carol', ''), [])).toBeNull();
  });

  it('offers nothing for a password-only form whose password is known', () => {
    expect(decideOffer(signIn('', 'bob-secret'), [alice, bob])).toBeNull();
  });

  it('updates the login whose password was the current one in a change-password form without a username', () => {
    const change: Submission = { formKind: 'change-password', username: '', password: 'bob-secret', newPassword: 'bob-new' };
    expect(decideOffer(change, [alice, bob])).toMatchObject({ kind: 'update', itemId: 'item-bob', username: 'bob', password: 'bob-new' });
  });

  it('updates the login with the username in a change-password form', () => {
    const change: Submission = { formKind: 'change-password', username: 'alice@example.com', password: 'typo', newPassword: 'alice-new' };
    expect(decideOffer(change, [alice, bob])).toMatchObject({ kind: 'update', itemId: 'item-alice', password: 'alice-new' });
  });

  it('saves the new password of a change-password form that matches no login', () => {
    const change: Submission = { formKind: 'change-password', username: '', password: 'unknown', newPassword: 'fresh' };
    expect(decideOffer(change, [alice])).toEqual({ kind: 'save', username: '', password: 'fresh' });
  });

  it('offers nothing when a change-password form submits the password the login already has', () => {
    const change: Submission = { formKind: 'change-password', username: 'bob', password: 'bob-old', newPassword: 'bob-secret' };
    expect(decideOffer(change, [bob])).toBeNull();
  });

  it('saves a sign-up whose new password came as `newPassword`', () => {
    const signUp: Submission = { formKind: 'sign-up', username: 'dave@example.com', password: '', newPassword: 'dave-secret' };
    expect(decideOffer(signUp, [alice])).toEqual({ kind: 'save', username: 'dave@example.com', password: 'dave-secret' });
  });

  it('saves a sign-up whose new password came as `password`', () => {
    expect(decideOffer({ formKind: 'sign-up', username: 'dave', password: 'dave-secret', newPassword: null }, [])).toEqual({ kind: 'save', username: 'dave', password: 'dave-secret' });
  });
});

describe('sameUsername', () => {
  it('ignores surrounding spaces and, for e-mail addresses, case', () => {
    expect(sameUsername(' A@B.example', 'a@b.example ')).toBe(true);
    expect(sameUsername('Alice', 'alice')).toBe(false);
  });
});
