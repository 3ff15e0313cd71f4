/**
 * The background service worker (Firefox: event page): the composition root of everything that
 * holds secrets. It owns the session and the vault, answers extension pages' messages (see
 * lib/messaging) and, through a narrower router of their own, our content scripts' (lib/autofill-background).
 */
import { type Browser, browser } from 'wxt/browser';
import type { ToContent } from '../lib/autofill/protocol.ts';
import { type AutofillMessage, createAutofill } from '../lib/autofill-background/autofill.ts';
import { createContentRouter } from '../lib/autofill-background/content-router.ts';
import { defineBackground } from 'wxt/utils/define-background';
import { classifySender, originOf } from '../lib/messaging/sender.ts';
import { createMessageRouter, type Handlers } from '../lib/messaging/router.ts';
import { describeThisDevice } from '../lib/session/device-identity.ts';
import { createHubClient } from '../lib/session/hub-client.ts';
import { createSessionService } from '../lib/session/session-service.ts';
import { createSessionStore } from '../lib/session/session-store.ts';
import { createSettingsService } from '../lib/session/settings-service.ts';
import { createTwoStepService } from '../lib/session/two-step-service.ts';
import { sessionAttemptStorage } from '../lib/state/attempt-state.ts';
import { openLocalDatabase } from '../lib/state/local-database.ts';
import { currentServerAddress, lastEmailItem, serverAddressItem } from '../lib/state/settings.ts';
import { createSyncEngine } from '../lib/sync/sync-engine.ts';
import { createSync } from '../lib/sync/sync.ts';
import { createVault } from '../lib/vault/vault.ts';

export default defineBackground(() => {
  let database: ReturnType<typeof openLocalDatabase> | undefined;
  const openDatabase = () => (database ??= openLocalDatabase());

  const hub = createHubClient(currentServerAddress);
  const sessionStore = createSessionStore(openDatabase);
  const session = createSessionService({
    hub,
    store: sessionStore,
    attempts: sessionAttemptStorage,
    serverAddress: currentServerAddress,
    describeDevice: describeThisDevice,
    rememberEmail: (email) => lastEmailItem.setValue(email),
    lastEmail: () => lastEmailItem.getValue(),
    // Sign-out, remote sign-out and revocation stop sync and wipe the local vault (the hub holds the items).
    onSignedOut: async () => {
      await sync.onSignedOut();
      await vault.onSignedOut();
    },
    onSignedIn: () => sync.start(),
    beforeSignOut: () => sync.flush(),
  });
  const vault = createVault({
    database: openDatabase,
    hub: hub.vault,
    authorized: session.authorized,
    account: async () => (await sessionStore.load())?.account ?? null,
    onLocalChange: () => sync.onLocalChange(),
    onUnlocked: () => sync.onUnlocked(),
    onLocked: () => autofill.onVaultLocked(),
  });
  const sync = createSync({
    engine: createSyncEngine({ ...vault.syncParts, hub: hub.vault, authorized: session.authorized, now: Date.now }),
    store: vault.syncParts.store,
    isUnlocked: vault.isUnlocked,
    isSignedIn: session.isSignedIn,
    eventsUrl: async () => {
      const current = await sessionStore.load();
      return current ? hub.eventsUrl(current.serverAddress) : null;
    },
    accessToken: async () => (await session.authorized(async (token) => token)).value,
    refreshKeyset: vault.refreshKeyset,
    signedOutRemotely: session.signedOutRemotely,
    checkSession: async () => {
      await session.refreshAccount();
    },
  });
  const twoStep = createTwoStepService({ hub, authorized: session.authorized });
  const settings = createSettingsService({
    hub,
    isSignedIn: session.isSignedIn,
    readServerAddress: () => serverAddressItem.getValue(),
    writeServerAddress: (address) => serverAddressItem.setValue(address),
    hasHostPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  });

  const logFailure = (what: string) => (error: unknown) => console.error(`tessera: ${what} failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  const activeTabId = async () => {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return typeof tab?.id === 'number' && tab.id >= 0 ? tab.id : null;
  };
  const autofill = createAutofill({
    vault: vault.autofillParts,
    // Firefox refuses a `documentId` it does not know: frame-ref.ts only sets one the browser gave us.
    send: (tabId, message: ToContent, options) => browser.tabs.sendMessage(tabId, message, options),
    activeTabId,
    // The shortcut while locked: the popup unlocks (browsers that cannot open it from a command simply do nothing).
    openPopup: async () => {
      await browser.action.openPopup().catch(() => undefined);
    },
    onBackgroundFailure: (what, error) => logFailure(what)(error),
  });

  const handlers = {
    'session.status': () => session.status(),
    'session.signIn': ({ email, password }) => session.signIn(email, password),
    'session.signOut': ({ discardUnsynced }) => session.signOut({ ...(discardUnsynced === undefined ? {} : { discardUnsynced }) }),
    'account.create': (request) => session.createAccount(request),
    'attempt.continue': (input) => session.continueAttempt(input),
    'attempt.newPicture': () => session.newPicture(),
    'attempt.resendSms': () => session.resendSms(),
    'attempt.cancel': () => session.cancelAttempt(),
    'account.refresh': () => session.refreshAccount(),
    'account.resendActivation': () => session.resendActivation(),
    'twoStep.status': () => twoStep.status(),
    'twoStep.setPhone': (request) => twoStep.setPhone(request),
    'twoStep.verifyPhone': (request) => twoStep.verifyPhone(request),
    'twoStep.setSms': (request) => twoStep.setSms(request),
    'twoStep.startTotp': (request) => twoStep.startTotp(request),
    'twoStep.confirmTotp': (request) => twoStep.confirmTotp(request),
    'twoStep.disableTotp': (request) => twoStep.disableTotp(request),
    'settings.get': () => settings.settings(),
    'settings.setServerAddress': ({ address }) => settings.setServerAddress(address),
    ...vault.handlers,
    ...sync.handlers,
    'devices.rename': ({ id, name }) => session.renameDevice(id, name),
    'devices.signOut': ({ id }) => session.signOutDevice(id),
  } satisfies Omit<Handlers, AutofillMessage>;
  // Only the error's kind is logged: messages of our own errors never hold secrets, and payloads are never logged.
  const onUnexpected = (type: string, error: unknown) => console.error(`tessera: ${type} failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  // The autofill menu and prompt handlers are bound to each message's sender: a token only works in its own tab.
  const routeFrom = (sender: Browser.runtime.MessageSender) => createMessageRouter({ ...handlers, ...autofill.pageHandlers(sender) }, onUnexpected);
  const routeContent = createContentRouter(autofill.contentHandlers, onUnexpected);

  const extensionOrigin = originOf(browser.runtime.getURL('/'));
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const kind = classifySender(sender, browser.runtime.id, extensionOrigin);
    return kind === 'content_script' ? routeContent(message, sender) : routeFrom(sender)(message, kind);
  });
  vault.onStartup().catch(logFailure('vault start'));
  sync.start().catch(logFailure('sync start'));
  browser.alarms.onAlarm.addListener((alarm) => {
    vault.onAlarm(alarm.name).catch(logFailure(`alarm ${alarm.name}`));
    sync.onAlarm(alarm.name).catch(logFailure(`alarm ${alarm.name}`));
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    autofill.onTabRemoved(tabId).catch(logFailure('autofill tab clean-up'));
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    autofill.onTabUpdated(tabId, change).catch(logFailure('autofill tab clean-up'));
  });
  try {
    browser.commands.onCommand.addListener((command, tab) => {
      autofill.onCommand(command, tab).catch(logFailure(`command ${command}`));
    });
  } catch {
    // No commands API (Firefox for Android; the unit tests' fake browser): no keyboard shortcut.
  }
});
