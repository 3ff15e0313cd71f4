/** Sample values the popup's component and model tests share (test-only; no screen imports this). */
import type { PendingAttempt, SyncStatus, VaultList, VaultStatus } from '../../../lib/messaging/messages.ts';
import type { DeviceView } from '../../../lib/protocol/devices.ts';
import type { TwoStepStatus } from '../../../lib/protocol/two-step.ts';
import type { ItemContent, ItemPreview, VaultItem } from '../../../lib/protocol/vault-item.ts';
import { ok, type Script } from './scripted-background.ts';

export const PICTURE = 'data:image/png;base64,iVBORw0KGgo=';

/** A sign-in interrupted by the Security Check, password kept by the background; override what a test is about. */
export function samplePending(overrides: Partial<PendingAttempt> = {}): PendingAttempt {
  return {
    kind: 'signIn',
    email: 'someone@example.com',
    region: null,
    marketingConsent: null,
    hasPassword: true,
    step: 'captcha',
    captcha: { image: PICTURE, expiresAt: Date.UTC(2030, 0, 1) },
    secondFactor: null,
    retryAt: null,
    failures: 0,
    ...overrides,
  };
}

/** The same sign-in at its two-step step (SMS sent, as the hub does when SMS is the only app-less method). */
export function sampleSecondFactor(secondFactor: Partial<NonNullable<PendingAttempt['secondFactor']>> = {}, overrides: Partial<PendingAttempt> = {}): PendingAttempt {
  return samplePending({
    step: 'secondFactor',
    captcha: null,
    secondFactor: { methods: ['sms', 'recovery'], phoneHint: '+•• ••• •••• 67', smsResendAt: null, ...secondFactor },
    ...overrides,
  });
}

export function sampleTwoStepStatus(overrides: Partial<TwoStepStatus> = {}): TwoStepStatus {
  return { phone: null, phoneVerified: false, sms: false, totp: false, recoveryCodesLeft: 0, ...overrides };
}

export const VAULT_LOCKED: VaultStatus = { state: 'locked', changedElsewhere: false, lockTimeout: 15 };
export const VAULT_UNLOCKED: VaultStatus = { state: 'unlocked', itemCount: 2, lockTimeout: 15 };

/** A login's preview as the list shows it; override what a test is about. */
export function samplePreview(overrides: Partial<ItemPreview> = {}): ItemPreview {
  return {
    id: 'item-aaaaaaaaaaaaaaaaaa',
    kind: 'login',
    title: 'GitHub',
    username: 'octo@example.com',
    hosts: ['github.com'],
    favourite: false,
    hasTotp: false,
    updatedAt: Date.UTC(2026, 0, 2),
    trashedAt: null,
    problem: null,
    ...overrides,
  };
}

/** A decrypted login with one previous password; override what a test is about. */
export function sampleItem(overrides: Partial<VaultItem> = {}, login: Partial<NonNullable<ItemContent['login']>> = {}): VaultItem {
  return {
    format: 1,
    id: 'item-aaaaaaaaaaaaaaaaaa',
    content: {
      kind: 'login',
      title: 'GitHub',
      notes: '',
      fields: [],
      login: { username: 'octo@example.com', password: 'Quartz-Lantern-47', websites: [{ url: 'https://github.com', match: 'site' }], totp: '', ...login },
    },
    favourite: false,
    createdAt: Date.UTC(2026, 0, 1),
    updatedAt: Date.UTC(2026, 0, 2),
    trashedAt: null,
    passwordHistory: [{ password: 'Old-Lantern-12', changedAt: Date.UTC(2026, 0, 2) }],
    ...overrides,
  };
}

export function sampleList(items: ItemPreview[] = [samplePreview()], site: { host: string; ids: string[] } | null = null): VaultList {
  return { items, siteHost: site?.host ?? null, siteItemIds: site?.ids ?? [] };
}

/** Sync as the background reports it; by default all synced, nothing waiting. */
export function sampleSyncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return { state: 'synced', pending: 0, lastSyncedAt: null, error: null, progress: null, generation: 1, ...overrides };
}

/** The answers to the messages the unlocked vault screen sends by itself (sync.now on open, then sync.status). */
export function syncScript(status: () => SyncStatus = () => sampleSyncStatus()): Script {
  return { 'sync.status': () => ok<'sync.status'>(status()), 'sync.now': () => ok<'sync.now'>(status()) };
}

/** This browser and one other, as the hub lists them; `now` is the time the test renders at. */
export function sampleDevices(now: number): DeviceView[] {
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  return [
    { id: '6f1c2a3b-0000-4000-8000-000000000001', name: 'Work laptop', browser: 'chromium', platform: 'linux', createdAt: at(86_400_000), lastSeenAt: at(0), current: true },
    { id: '6f1c2a3b-0000-4000-8000-000000000002', name: 'Home PC', browser: 'firefox', platform: 'windows', createdAt: at(86_400_000), lastSeenAt: at(3 * 3_600_000), current: false },
  ];
}
