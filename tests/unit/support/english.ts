/**
 * WXT's fake browser has no i18n. Component and popup tests answer browser.i18n from the real
 * English messages.json — with Chrome's placeholder rules — so tests find controls by the same
 * English names a user (and the end-to-end tests) see.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../../../public/_locales/en/messages.json';

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** chrome.i18n.getMessage over public/_locales/en: "" for an unknown key, $NAME$ → placeholder → $1. */
export function englishMessage(key: string, substitutions?: string | (string | number)[]): string {
  const entry = (english as Record<string, LocaleEntry>)[key];
  if (!entry) return '';
  const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const fill = (content: string) => content.replace(/\$(\d)/g, (_whole, index: string) => String(values[Number(index) - 1] ?? ''));
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? fill(placeholder.content) : whole;
  });
}

/** Registers hooks: browser.i18n speaks English (UI language en-US) in every test of the file. */
export function useEnglish(): void {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(englishMessage);
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}
