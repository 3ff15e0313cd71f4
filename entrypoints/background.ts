/**
 * The background service worker (Firefox: event page): the composition root of everything that
 * holds secrets. It owns the session and the vault and answers extension pages' messages; see lib/messaging.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { classifySender, originOf } from '../lib/messaging/sender.ts';
import { createMessageRouter } from '../lib/messaging/router.ts';
import { describeThisDevice } from '../lib/session/device-identity.ts';
import { createHubClient } from '../lib/session/hub-client.ts';
import { createSessionService } from '../lib/session/session-service.ts';
import { createSessionStore } from '../lib/session/session-store.ts';
import { createSettingsService } from '../lib/session/settings-service.ts';
import { createTwoStepService } from '../lib/session/two-step-service.ts';
import { sessionAttemptStorage } from '../lib/state/attempt-state.ts';
import { openLocalDatabase } from '../lib/state/local-database.ts';
import { currentServerAddress, lastEmailItem, serverAddressItem } from '../lib/state/settings.ts';
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
    // Sign-out and revocation lock the vault (the encrypted local items stay; see lib/vault/vault.ts).
    onSignedOut: () => vault.onSignedOut(),
  });
  const vault = createVault({
    database: openDatabase,
    hub: hub.vault,
    authorized: session.authorized,
    account: async () => (await sessionStore.load())?.account ?? null,
  });
  const twoStep = createTwoStepService({ hub, authorized: session.authorized });
  const settings = createSettingsService({
    hub,
    isSignedIn: session.isSignedIn,
    readServerAddress: () => serverAddressItem.getValue(),
    writeServerAddress: (address) => serverAddressItem.setValue(address),
    hasHostPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  });

  const route = createMessageRouter(
    {
      'session.status': () => session.status(),
      'session.signIn': ({ email, password }) => session.signIn(email, password),
      'session.signOut': () => session.signOut(),
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
    },
    // Only the error's kind is logged: messages of our own errors never hold secrets, and payloads are never logged.
    (type, error) => console.error(`tessera: ${type} failed: ${error instanceof Error ? error.name : 'unknown error'}`),
  );

  const extensionOrigin = originOf(browser.runtime.getURL('/'));
  browser.runtime.onMessage.addListener((message: unknown, sender) => route(message, classifySender(sender, browser.runtime.id, extensionOrigin)));
  const logFailure = (what: string) => (error: unknown) => console.error(`tessera: ${what} failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  vault.onStartup().catch(logFailure('vault start'));
  browser.alarms.onAlarm.addListener((alarm) => {
    vault.onAlarm(alarm.name).catch(logFailure(`alarm ${alarm.name}`));
  });
});
