/**
 * Content-safe. The part of the content script that only a person's action needs — the menu and
 * prompt iframes and the fill itself — built as its own script (entrypoints/autofill-ui.ts) and
 * loaded on first use (ui-loader.ts), so the part that runs in every frame of every page stays
 * within its 8 KB budget.
 */
import { fillForm } from './fill.ts';
import { openMenuFrame } from './menu-frame.ts';
import { showPromptFrame } from './prompt-frame.ts';

export const autofillUi = { fillForm, openMenuFrame, showPromptFrame };
export type AutofillUi = typeof autofillUi;
