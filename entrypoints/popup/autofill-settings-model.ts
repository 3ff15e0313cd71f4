/**
 * The autofill part of "Vault settings": "Fill on page load" (off by default) and the sites where
 * "Never for this site" was chosen. Read from the background when the screen opens.
 */
import { signal } from '@preact/signals';
import { t } from '../../lib/i18n/t.ts';
import type { AutofillSettings, MessageError, MessageType, RequestOf } from '../../lib/messaging/messages.ts';
import type { Run } from './two-step-model.ts';

export interface AutofillSettingsDeps {
  run: Run;
  send: <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<{ ok: true; value: unknown } | { ok: false; error: MessageError }>;
  notice: { value: string | null };
}

export function createAutofillSettingsModel(deps: AutofillSettingsDeps) {
  const settings = signal<AutofillSettings | null>(null);
  return {
    settings,
    /** Quietly: the screen shows "Loading…" in its autofill part until this answers. */
    async load() {
      const result = await deps.send('autofill.settings', {});
      if (result.ok) settings.value = result.value as AutofillSettings;
    },
    async setFillOnLoad(enabled: boolean) {
      const next = await deps.run('autofill.setFillOnLoad', { enabled });
      if (next) {
        settings.value = next;
        deps.notice.value = t('settings_saved');
      }
    },
    async forgetNeverSite(site: string) {
      const next = await deps.run('autofill.forgetNeverSite', { site });
      if (next) settings.value = next;
    },
    reset: () => (settings.value = null),
  };
}

export type AutofillSettingsModel = ReturnType<typeof createAutofillSettingsModel>;
