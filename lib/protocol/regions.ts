/**
 * The fixed list of account regions. A region is chosen once at sign-up, cannot be changed by the
 * user afterwards (only through support), and decides the account's display language: the hub's
 * emails and pages use it. Pure TS without zod, so the popup's first screen stays small.
 */
/** Languages the hub's emails and pages (and the popup's _locales) are fully translated into. */
export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const REGIONS = [
  { id: 'us', language: 'en' },
  { id: 'ca', language: 'en' },
  { id: 'gb', language: 'en' },
  { id: 'ie', language: 'en' },
  { id: 'au', language: 'en' },
  { id: 'de', language: 'de' },
  { id: 'at', language: 'de' },
  { id: 'ch', language: 'de' },
  { id: 'fr', language: 'fr' },
  { id: 'be', language: 'fr' },
  { id: 'lu', language: 'fr' },
] as const satisfies readonly { id: string; language: Language }[];

export type RegionId = (typeof REGIONS)[number]['id'];
export const REGION_IDS = REGIONS.map((region) => region.id) as [RegionId, ...RegionId[]];

export function findRegion(id: string): (typeof REGIONS)[number] | undefined {
  return REGIONS.find((region) => region.id === id);
}

export function languageOfRegion(id: RegionId): Language {
  return findRegion(id)?.language ?? 'en';
}
