/** The in-page menu's generated password (generator.ts): the popup's defaults within a site's rules. */
import { describe, expect, it } from 'vitest';
import { generateForHost } from './generator.ts';

describe('generateForHost', () => {
  it('makes a 20-character password with every character class for a site without rules', () => {
    const password = generateForHost('no-rules.example');
    expect(password).toHaveLength(20);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/\d/);
  });

  it('keeps to the site’s published rules (airfrance.com: at most 12, a few symbols only)', () => {
    const password = generateForHost('www.airfrance.com');
    expect(password.length).toBeLessThanOrEqual(12);
    expect(password).toMatch(/^[A-Za-z0-9\-!#$&+/?@_]+$/);
  });

  it('works for an opaque frame’s empty host', () => {
    expect(generateForHost('')).toHaveLength(20);
  });
});
