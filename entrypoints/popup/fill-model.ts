/**
 * The popup's "Fill": the background fills the chosen item into the active tab (the frame the person
 * last used, else the top frame) and only if one of the item's websites matches that frame. An https
 * login on an http page needs a second, explicit "Fill anyway"; a fill that went through closes the
 * popup, so the person is back on the page.
 */
import { signal } from '@preact/signals';
import { describeError } from '../../lib/i18n/t.ts';
import type { Run } from './two-step-model.ts';

export interface FillDeps {
  run: Run;
  error: { value: string | null };
  /** The vault locked meanwhile: re-read its status. */
  onLocked: () => void;
  /** Closes the popup; defaults to window.close(). */
  closeWindow?: () => void;
}

export function createFillModel(deps: FillDeps) {
  /** The item waiting for "Fill anyway". */
  const confirming = signal<string | null>(null);

  async function fill(itemId: string, confirmed = false) {
    confirming.value = null;
    const result = await deps.run('autofill.fillFromPopup', { itemId, confirmed }, (failure) => {
      if (failure.code === 'confirmation_required') {
        // The question replaces the alert: it says the same and offers the way on.
        deps.error.value = null;
        confirming.value = itemId;
      } else if (failure.code === 'vault_locked') deps.onLocked();
    });
    if (!result) return;
    if (result.filled) (deps.closeWindow ?? (() => window.close()))();
    else deps.error.value = describeError({ code: 'no_fillable_form' });
  }

  return {
    confirming,
    fill: (itemId: string) => fill(itemId),
    confirm: async () => {
      if (confirming.value) await fill(confirming.value, true);
    },
    cancel: () => (confirming.value = null),
    reset: () => (confirming.value = null),
  };
}

export type FillModel = ReturnType<typeof createFillModel>;
