/** The login's website addresses: "Website", "Website 2", … with "Add website" and "Remove website N". */
import { t } from '../lib/i18n/t.ts';
import type { Website } from '../lib/protocol/vault-item.ts';
import { newWebsite } from './item-draft.ts';
import { TextField } from './text-field.tsx';

export function WebsiteFields(props: { websites: Website[]; onChange: (websites: Website[]) => void }) {
  const { websites } = props;
  const set = (position: number, url: string) => props.onChange(websites.map((website, at) => (at === position ? { ...website, url } : website)));
  return (
    <fieldset class="websites">
      <legend class="visually-hidden">{t('item_websites')}</legend>
      {websites.map((website, position) => (
        <div class="row-field" key={position}>
          <TextField
            label={position === 0 ? t('field_website') : t('field_websiteN', String(position + 1))}
            type="url"
            autocomplete="off"
            value={website.url}
            onInput={(url) => set(position, url)}
          />
          {websites.length > 1 || website.url ? (
            <button type="button" class="small" onClick={() => props.onChange(websites.filter((_, at) => at !== position))}>
              {t('button_removeWebsite', String(position + 1))}
            </button>
          ) : null}
        </div>
      ))}
      <button type="button" class="small" onClick={() => props.onChange([...websites, newWebsite()])}>
        {t('button_addWebsite')}
      </button>
    </fieldset>
  );
}
