import { describe, expect, it } from 'vitest';
import { findRegion, LANGUAGES, languageOfRegion, REGION_IDS, REGIONS } from './regions.ts';

describe('REGIONS', () => {
  it('offers at least six regions when listed', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(6);
  });

  it('gives every region a language the hub is translated into', () => {
    for (const region of REGIONS) expect(LANGUAGES).toContain(region.language);
  });

  it('has no duplicate ids when listed', () => {
    expect(new Set(REGION_IDS).size).toBe(REGIONS.length);
  });

  it('uses every translated language for at least one region', () => {
    expect(new Set(REGIONS.map((region) => region.language))).toEqual(new Set(LANGUAGES));
  });
});

describe('findRegion', () => {
  it('finds a region when given its id', () => {
    expect(findRegion('de')).toEqual({ id: 'de', language: 'de' });
  });

  it.each(['', 'DE', 'xx', 'toString', '__proto__'])('returns undefined when the id is %j', (id) => {
    expect(findRegion(id)).toBeUndefined();
  });
});

describe('languageOfRegion', () => {
  it.each([
    ['us', 'en'],
    ['de', 'de'],
    ['at', 'de'],
    ['fr', 'fr'],
  ] as const)('gives region %s the language %s', (region, language) => {
    expect(languageOfRegion(region)).toBe(language);
  });
});
