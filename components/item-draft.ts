/**
 * The editor's working copy of an item, and its conversion to the ItemContent the background saves.
 * Switching the type to "Secure note" and back keeps what was typed; only the chosen type is saved.
 */
import type { CustomField, ItemContent, ItemKind, VaultItem, Website } from '../lib/protocol/vault-item.ts';

export interface ItemDraft {
  kind: ItemKind;
  title: string;
  username: string;
  password: string;
  websites: Website[];
  totp: string;
  notes: string;
  fields: CustomField[];
}

export const newWebsite = (url = ''): Website => ({ url, match: 'site' });

export function toDraft(item: VaultItem | null): ItemDraft {
  const content = item?.content;
  const login = content?.login;
  return {
    kind: content?.kind ?? 'login',
    title: content?.title ?? '',
    username: login?.username ?? '',
    password: login?.password ?? '',
    websites: login?.websites.length ? login.websites : [newWebsite()],
    totp: login?.totp ?? '',
    notes: content?.notes ?? '',
    fields: content?.fields ?? [],
  };
}

export type DraftProblem = 'title_required';

export function draftProblem(draft: ItemDraft): DraftProblem | null {
  return draft.title.trim() ? null : 'title_required';
}

/** What is saved: trimmed title, no empty website rows or nameless empty fields. */
export function toContent(draft: ItemDraft): ItemContent {
  const fields = draft.fields.filter((field) => field.name.trim() || field.value);
  return {
    kind: draft.kind,
    title: draft.title.trim(),
    notes: draft.notes,
    fields,
    login:
      draft.kind === 'login'
        ? {
            username: draft.username,
            password: draft.password,
            websites: draft.websites.map((website) => ({ ...website, url: website.url.trim() })).filter((website) => website.url),
            totp: draft.totp.trim(),
          }
        : null,
  };
}

/** The host of the first website that parses ("github.com"), for the generator's site rules. */
export function draftHost(draft: ItemDraft): string | null {
  for (const { url } of draft.websites) {
    const text = url.trim();
    if (!text) continue;
    try {
      return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname || null;
    } catch {
      // Not an address; try the next one.
    }
  }
  return null;
}
