/**
 * Background-only. Invariant: a login's replaced password is never simply lost — it goes to the
 * item's history with the time it was replaced, newest first, at most PASSWORD_HISTORY_LIMIT kept.
 */
import { type ItemContent, PASSWORD_HISTORY_LIMIT, type PasswordHistoryEntry, type VaultItem } from '../protocol/vault-item.ts';

export function withPasswordHistory(item: VaultItem, next: ItemContent, changedAt: number): PasswordHistoryEntry[] {
  const previous = item.content.login?.password ?? '';
  const current = next.login?.password ?? '';
  if (previous === '' || previous === current) return item.passwordHistory;
  return [{ password: previous, changedAt }, ...item.passwordHistory].slice(0, PASSWORD_HISTORY_LIMIT);
}
