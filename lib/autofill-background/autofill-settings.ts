/**
 * Background-only. This browser's autofill settings — "Fill on page load" (off unless the person
 * turns it on) and the sites where they chose "Never for this site" — kept with the vault in
 * IndexedDB (vaultMeta 'autofill') and wiped with it on sign-out.
 */
import type { AutofillSettings } from '../messaging/messages.ts';
import type { AutofillVaultParts } from '../vault/autofill-parts.ts';

/** The never-list stays small enough to read on every submit. */
export const NEVER_SITES_LIMIT = 2000;

export function createAutofillSettings(settings: AutofillVaultParts['settings']) {
  async function change(edit: (current: AutofillSettings) => AutofillSettings): Promise<AutofillSettings> {
    const next = edit(await settings.read());
    await settings.write(next);
    return next;
  }

  return {
    read: () => settings.read(),
    setFillOnLoad: (enabled: boolean) => change((current) => ({ ...current, fillOnLoad: enabled })),
    addNeverSite: (site: string) =>
      change((current) => ({
        ...current,
        // In the order they were added; past the limit the oldest goes.
        neverSites: current.neverSites.includes(site) ? current.neverSites : [...current.neverSites, site].slice(-NEVER_SITES_LIMIT),
      })),
    forgetNeverSite: (site: string) => change((current) => ({ ...current, neverSites: current.neverSites.filter((listed) => listed !== site.trim().toLowerCase()) })),
    isNever: async (site: string) => (await settings.read()).neverSites.includes(site),
  };
}

export type AutofillSettingsService = ReturnType<typeof createAutofillSettings>;
