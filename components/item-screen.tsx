/**
 * The frame of a one-item screen (the item view, an unreadable item): Back, the focused heading,
 * Escape to go back. `itemKey` moves focus to the heading again when another item is shown.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n/t.ts';
import { useFocusHeading } from './use-focus-heading.ts';

export interface ItemScreenProps {
  itemKey: string;
  heading: string;
  onBack: () => void;
  children: ComponentChildren;
}

export function ItemScreen(props: ItemScreenProps) {
  const heading = useFocusHeading([props.itemKey]);
  return (
    <section
      class="screen item-view"
      aria-labelledby="item-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onBack();
      }}
    >
      <div class="view-top">
        <button type="button" onClick={props.onBack}>
          {t('button_back')}
        </button>
      </div>
      <h1 id="item-heading" ref={heading} tabIndex={-1}>
        {props.heading}
      </h1>
      {props.children}
    </section>
  );
}
