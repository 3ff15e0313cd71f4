import { describe, expect, it } from 'vitest';
import { emailLookupKey, normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  it('trims and lower-cases the domain but keeps the local part when the address is valid', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM \n')).toBe('Ann.Lee@example.com');
  });
});

describe('emailLookupKey', () => {
  it('lower-cases everything when building the lookup key', () => {
    expect(emailLookupKey('Ann@example.com')).toBe('ann@example.com');
  });
});
