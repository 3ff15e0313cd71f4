/** Custom fields of an item: "Field name", "Field value", "Hidden" per row, "Add field", "Remove field N". */
import { t } from '../lib/i18n/t.ts';
import type { CustomField } from '../lib/protocol/vault-item.ts';
import { TextField } from './text-field.tsx';

export function CustomFields(props: { fields: CustomField[]; onChange: (fields: CustomField[]) => void }) {
  const { fields } = props;
  const set = (position: number, change: Partial<CustomField>) => props.onChange(fields.map((field, at) => (at === position ? { ...field, ...change } : field)));
  return (
    <fieldset class="custom-fields">
      <legend>{t('editor_customFields')}</legend>
      {fields.map((field, position) => (
        <div class="custom-field" key={position}>
          <TextField label={t('field_fieldName')} value={field.name} onInput={(name) => set(position, { name })} autoFocus={!field.name && !field.value} />
          <TextField label={t('field_fieldValue')} type={field.hidden ? 'password' : 'text'} autocomplete="off" value={field.value} onInput={(value) => set(position, { value })} />
          <div class="row-field">
            <label class="inline-check">
              <input type="checkbox" checked={field.hidden} onChange={(event) => set(position, { hidden: event.currentTarget.checked })} /> {t('field_hidden')}
            </label>
            <button type="button" class="small" onClick={() => props.onChange(fields.filter((_, at) => at !== position))}>
              {t('button_removeField', String(position + 1))}
            </button>
          </div>
        </div>
      ))}
      <button type="button" class="small" onClick={() => props.onChange([...fields, { name: '', value: '', hidden: false }])}>
        {t('button_addField')}
      </button>
    </fieldset>
  );
}
