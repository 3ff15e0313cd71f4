/**
 * The autofill part of "Vault settings": "Fill on page load" (off by default, with the risk in one
 * line) and "Never offer to save on", each site with its Remove button.
 */
import { useRef } from 'preact/hooks';
import type { AutofillSettings } from '../lib/messaging/messages.ts';
import { t } from '../lib/i18n/t.ts';

export interface AutofillSettingsProps {
  /** null until the background answered. */
  settings: AutofillSettings | null;
  busy: boolean;
  onFillOnLoad: (enabled: boolean) => void;
  onForgetNeverSite: (site: string) => void;
}

export function AutofillSettingsSection(props: AutofillSettingsProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { settings } = props;
  return (
    <section class="autofill-settings" aria-labelledby="autofill-heading">
      <h2 id="autofill-heading">{t('autofill_heading')}</h2>
      {settings ? (
        <>
          <div class="checkbox-field">
            <input
              id="fill-on-load"
              type="checkbox"
              checked={settings.fillOnLoad}
              disabled={props.busy}
              aria-describedby="fill-on-load-hint"
              onChange={(event) => props.onFillOnLoad(event.currentTarget.checked)}
            />
            <label for="fill-on-load">{t('field_fillOnLoad')}</label>
            <p id="fill-on-load-hint" class="hint">
              {t('fillOnLoad_hint')}
            </p>
          </div>
          <h3 id="never-sites-heading" ref={heading} tabIndex={-1}>
            {t('neverSites_heading')}
          </h3>
          {settings.neverSites.length ? (
            <ul class="never-sites" aria-labelledby="never-sites-heading">
              {settings.neverSites.map((site) => (
                <li key={site}>
                  <span class="never-site">{site}</span>
                  <button
                    type="button"
                    class="small"
                    aria-label={t('neverSites_remove', site)}
                    disabled={props.busy}
                    onClick={() => {
                      // The row goes away with its button: keep the focus in the list's place.
                      heading.current?.focus();
                      props.onForgetNeverSite(site);
                    }}
                  >
                    {t('button_remove')}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p class="hint">{t('neverSites_empty')}</p>
          )}
        </>
      ) : (
        <p class="loading">{t('loading')}</p>
      )}
    </section>
  );
}
