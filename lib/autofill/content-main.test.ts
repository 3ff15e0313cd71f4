/** startAutofill: formsFound, who may open the menu, background-only messages, prompt, submissions. */
import { fakeLayout, loadFixture } from '../../tests/fixtures/autofill/load.ts';
import { startAutofill, type AutofillDeps } from './content-main.ts';
import { MENU_PAGE, PROMPT_PAGE } from './protocol.ts';
import { contentRuntime } from './runtime.ts';
import { FROM_BACKGROUND, fakeExtensionApi } from './test-fakes.ts';
import { autofillUi } from './ui.ts';

const view = fakeLayout();
const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eA';
const URL_BASE = 'chrome-extension://tessera-id';
const byId = (id: string, root: Document | ShadowRoot = document) => root.getElementById(id) as HTMLInputElement;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const trusted = () => true;

let controller: AbortController;
let shadowRoots: ShadowRoot[];

/** Our iframes live in closed shadow roots; the test keeps the roots attachShadow returned. */
function frames(): HTMLIFrameElement[] {
  return shadowRoots.filter((root) => root.host.isConnected).flatMap((root) => Array.from(root.querySelectorAll('iframe')));
}
const frameSources = () => frames().map((frame) => frame.getAttribute('src'));

function start(answers: Record<string, unknown> = {}, deps: Partial<AutofillDeps> = {}) {
  const fake = fakeExtensionApi((message) => ({ ok: true, value: message.type in answers ? answers[message.type] : null }));
  startAutofill({ runtime: contentRuntime(fake.api), signal: controller.signal, view, loadUi: async () => autofillUi, isTop: true, ...deps });
  const asked = (type: string) => fake.sent.filter((message) => message.type === type).map((message) => message.payload);
  return { ...fake, asked };
}

/** A person clicking a field: it takes focus, then the (injected-trusted) click arrives. */
async function personClicks(input: HTMLElement) {
  input.focus();
  input.click();
  await settle();
}

describe('startAutofill', () => {
  beforeEach(() => {
    controller = new AbortController();
    shadowRoots = [];
    const attach = Element.prototype.attachShadow;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      const root = attach.call(this, init);
      shadowRoots.push(root);
      return root;
    });
  });
  afterEach(() => {
    controller.abort();
    vi.restoreAllMocks();
    document.body.innerHTML = '';
    for (const el of Array.from(document.documentElement.children)) if (el !== document.head && el !== document.body) el.remove();
  });

  describe('formsFound', () => {
    it('tells the background once which kinds of forms the page has', async () => {
      loadFixture('simple.html');
      const { asked } = start();
      await settle();
      expect(asked('autofill.formsFound')).toEqual([{ kinds: ['sign-in'], sameSiteAction: true, opaqueOrigin: false }]);
    });

    it('says nothing on a page without sign-in forms', async () => {
      loadFixture('newsletter.html');
      const { asked } = start();
      await settle();
      expect(asked('autofill.formsFound')).toEqual([]);
    });

    it('tells again when a new kind appears, not for another form of a known kind', async () => {
      loadFixture('simple.html');
      const flushes: (() => void)[] = [];
      const { asked } = start({}, { watch: { schedule: (flush) => void flushes.push(flush) } });
      document.body.insertAdjacentHTML('beforeend', '<form><input name="user"><input type="password" id="p2"></form>');
      await settle();
      flushes.splice(0).forEach((flush) => flush());
      document.body.insertAdjacentHTML('beforeend', '<form><input id="code" autocomplete="one-time-code"></form>');
      await settle();
      flushes.splice(0).forEach((flush) => flush());
      expect(asked('autofill.formsFound')).toEqual([
        { kinds: ['sign-in'], sameSiteAction: true, opaqueOrigin: false },
        { kinds: ['sign-in', 'one-time-code'], sameSiteAction: true, opaqueOrigin: false },
      ]);
    });

    it('says when a form sends its data to another origin, and passes the opaque-origin flag', async () => {
      document.body.innerHTML = '<form action="https://collector.example/login"><input name="username"><input type="password"></form>';
      const { asked } = start({}, { opaqueOrigin: true });
      await settle();
      expect(asked('autofill.formsFound')).toEqual([{ kinds: ['sign-in'], sameSiteAction: false, opaqueOrigin: true }]);
    });
  });

  describe('menu', () => {
    it('does not open for scripted focus, click() or dispatched events', async () => {
      loadFixture('simple.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } });
      const password = byId('password');
      password.focus();
      password.click();
      password.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
      password.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      await settle();
      expect(asked('autofill.openMenu')).toEqual([]);
      expect(frames()).toEqual([]);
    });

    it("does not open on the page's own focus() even though browsers mark those focus events trusted", async () => {
      loadFixture('simple.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      byId('password').focus();
      await settle();
      expect(asked('autofill.openMenu')).toEqual([]);
    });

    it('opens below the field on a trusted click, with the token in the iframe address', async () => {
      loadFixture('simple.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('password'));
      expect(asked('autofill.openMenu')).toEqual([{ field: 'password', formKind: 'sign-in', opaqueOrigin: false }]);
      expect(frameSources()).toEqual([`${URL_BASE}${MENU_PAGE}#${TOKEN}`]);
      expect(frames()[0]!.getRootNode()).not.toBe(document);
    });

    it('opens when a trusted Tab moves the focus into the field', async () => {
      loadFixture('simple.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
      byId('username').focus();
      await settle();
      expect(asked('autofill.openMenu')).toEqual([{ field: 'username', formKind: 'sign-in', opaqueOrigin: false }]);
      expect(frames()).toHaveLength(1);
    });

    it('opens for a click on the label of the field', async () => {
      loadFixture('simple.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      byId('username').focus();
      (document.querySelector('label[for="username"]') as HTMLElement).click();
      await settle();
      expect(asked('autofill.openMenu')).toEqual([{ field: 'username', formKind: 'sign-in', opaqueOrigin: false }]);
    });

    it('shows nothing when the background offers nothing or answers a malformed token', async () => {
      loadFixture('simple.html');
      start({ 'autofill.openMenu': null }, { isTrusted: trusted });
      await personClicks(byId('password'));
      expect(frames()).toEqual([]);
      controller.abort();
      controller = new AbortController();
      start({ 'autofill.openMenu': { token: 'x"><script>' } }, { isTrusted: trusted });
      await personClicks(byId('username'));
      expect(frames()).toEqual([]);
    });

    it('never asks for a field outside a sign-in form', async () => {
      loadFixture('search-beside.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('site-search'));
      expect(asked('autofill.openMenu')).toEqual([]);
    });

    it('finds a form the watcher has not reported when its field is clicked', async () => {
      document.body.innerHTML = '<div id="slot"></div>';
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted, watch: { schedule: () => undefined } });
      document.getElementById('slot')!.innerHTML = '<form><input id="u" name="username"><input id="p" type="password"></form>';
      await personClicks(byId('p'));
      expect(asked('autofill.openMenu')).toEqual([{ field: 'password', formKind: 'sign-in', opaqueOrigin: false }]);
      expect(frames()).toHaveLength(1);
    });

    it('opens for a field inside nested open shadow roots', async () => {
      loadFixture('shadow-root.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      const inner = document.getElementById('card')!.shadowRoot!.querySelector('x-login')!.shadowRoot!;
      await personClicks(byId('sr-username', inner));
      expect(asked('autofill.openMenu')).toEqual([{ field: 'username', formKind: 'sign-in', opaqueOrigin: false }]);
      expect(frames()).toHaveLength(1);
    });

    it('does not open when the person left the field before the answer came', async () => {
      loadFixture('simple.html');
      start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      byId('password').focus();
      byId('password').click();
      byId('username').blur();
      (document.getElementById('submit') as HTMLElement).focus();
      await settle();
      expect(frames()).toEqual([]);
    });

    it('puts the menu inside an open modal dialog so it is not inert', async () => {
      loadFixture('dialog.html');
      document.getElementById('open-dialog')!.click();
      start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('dlg-pass'));
      expect(frames()).toHaveLength(1);
      expect(document.getElementById('login-dialog')!.contains((frames()[0]!.getRootNode() as ShadowRoot).host)).toBe(true);
    });

    it('closes on tessera.closeMenu from the background', async () => {
      loadFixture('simple.html');
      const { deliver } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('password'));
      expect(await deliver({ type: 'tessera.closeMenu' }, FROM_BACKGROUND)).toEqual({ closed: true });
      expect(frames()).toEqual([]);
    });

    it('a second click on the same field keeps the one menu', async () => {
      loadFixture('simple.html');
      const { asked } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('password'));
      await personClicks(byId('password'));
      expect(asked('autofill.openMenu')).toHaveLength(1);
      expect(frames()).toHaveLength(1);
    });

    it('moves to the next field the person clicks', async () => {
      loadFixture('simple.html');
      start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('password'));
      await personClicks(byId('username'));
      expect(frames()).toHaveLength(1);
    });
  });

  describe('background messages', () => {
    it('fills the best form on tessera.fill and answers whether it did', async () => {
      loadFixture('simple.html');
      const { deliver } = start();
      expect(await deliver({ type: 'tessera.fill', target: 'best', origin: window.origin, username: 'alice', password: 'pw-1' }, FROM_BACKGROUND)).toEqual({ filled: true });
      expect([byId('username').value, byId('password').value]).toEqual(['alice', 'pw-1']);
    });

    it('fills nothing when the document no longer has the origin the item was matched against', async () => {
      loadFixture('simple.html');
      const { deliver } = start();
      expect(window.origin).not.toBe('https://elsewhere.example');
      expect(await deliver({ type: 'tessera.fill', target: 'best', origin: 'https://elsewhere.example', username: 'alice', password: 'pw-1' }, FROM_BACKGROUND)).toEqual({ filled: false });
      expect([byId('username').value, byId('password').value]).toEqual(['', '']);
    });

    it('ignores tessera.fill from a sender in a tab (a page, a content script or our iframe)', async () => {
      loadFixture('simple.html');
      const { deliver } = start();
      expect(await deliver({ type: 'tessera.fill', target: 'best', origin: window.origin, username: 'alice', password: 'pw-1' }, { id: 'tessera-id', tab: { id: 1 } })).toBe('unanswered');
      expect(await deliver({ type: 'tessera.fill', target: 'best', origin: window.origin, username: 'alice', password: 'pw-1' }, { id: 'another-extension' })).toBe('unanswered');
      expect([byId('username').value, byId('password').value]).toEqual(['', '']);
    });

    it('fills the form whose field opened the menu, then gives the field its focus back', async () => {
      document.body.innerHTML =
        '<form id="a"><input id="u1" name="username"><input id="p1" type="password"></form><form id="b"><input id="u2" name="username"><input id="p2" type="password"></form>';
      const { deliver } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('p2'));
      byId('u1').focus();
      expect(await deliver({ type: 'tessera.fill', target: 'menu', origin: window.origin, username: 'alice', password: 'pw-1' }, FROM_BACKGROUND)).toEqual({ filled: true });
      expect(['u1', 'p1', 'u2', 'p2'].map((id) => byId(id).value)).toEqual(['', '', 'alice', 'pw-1']);
      expect(document.activeElement).toBe(byId('p2'));
      expect(frames()).toEqual([]);
    });

    it("does not fill for target 'menu' when no menu was opened or its field left the page", async () => {
      loadFixture('simple.html');
      const { deliver } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      expect(await deliver({ type: 'tessera.fill', target: 'menu', origin: window.origin, password: 'pw-1' }, FROM_BACKGROUND)).toEqual({ filled: false });
      await personClicks(byId('password'));
      document.getElementById('login')!.remove();
      expect(await deliver({ type: 'tessera.fill', target: 'menu', origin: window.origin, password: 'pw-1' }, FROM_BACKGROUND)).toEqual({ filled: false });
    });

    it("fills the focused form for target 'best', else the first sign-in form", async () => {
      document.body.innerHTML =
        '<form><input id="u1" name="username"><input id="p1" type="password"></form><form><input id="u2" name="username"><input id="p2" type="password"></form>';
      const { deliver } = start();
      byId('u2').focus();
      await deliver({ type: 'tessera.fill', target: 'best', origin: window.origin, password: 'pw-1' }, FROM_BACKGROUND);
      expect([byId('p1').value, byId('p2').value]).toEqual(['', 'pw-1']);
      byId('u2').blur();
      await deliver({ type: 'tessera.fill', target: 'best', origin: window.origin, password: 'pw-2' }, FROM_BACKGROUND);
      expect([byId('p1').value, byId('p2').value]).toEqual(['pw-2', 'pw-1']);
    });

    it('answers filled: false where nothing may be filled', async () => {
      loadFixture('newsletter.html');
      const { deliver } = start();
      expect(await deliver({ type: 'tessera.fill', target: 'best', origin: window.origin, username: 'alice', password: 'pw-1' }, FROM_BACKGROUND)).toEqual({ filled: false });
      expect(byId('news-email').value).toBe('');
    });

    it('shows and closes the save prompt in the top frame', async () => {
      loadFixture('simple.html');
      const { deliver } = start();
      expect(await deliver({ type: 'tessera.showPrompt', token: TOKEN }, FROM_BACKGROUND)).toEqual({ shown: true });
      expect(frameSources()).toEqual([`${URL_BASE}${PROMPT_PAGE}#${TOKEN}`]);
      expect(await deliver({ type: 'tessera.closePrompt' }, FROM_BACKGROUND)).toEqual({ closed: true });
      expect(frames()).toEqual([]);
    });

    it('never shows the prompt in a subframe', async () => {
      loadFixture('simple.html');
      const { deliver } = start({}, { isTop: false });
      expect(await deliver({ type: 'tessera.showPrompt', token: TOKEN }, FROM_BACKGROUND)).toEqual({ shown: false });
      expect(frames()).toEqual([]);
    });

    it('stops answering once the content script is invalidated', async () => {
      loadFixture('simple.html');
      const { deliver } = start({ 'autofill.openMenu': { token: TOKEN } }, { isTrusted: trusted });
      await personClicks(byId('password'));
      controller.abort();
      expect(frames()).toEqual([]);
      expect(await deliver({ type: 'tessera.fill', target: 'best', origin: window.origin, password: 'pw-1' }, FROM_BACKGROUND)).toBe('unanswered');
    });
  });

  describe('pending prompt and submissions', () => {
    it('asks for a waiting prompt at load in the top frame only, and shows it', async () => {
      loadFixture('simple.html');
      const top = start({ 'autofill.pendingPrompt': { token: TOKEN } });
      await settle();
      expect(top.asked('autofill.pendingPrompt')).toEqual([{}]);
      expect(frameSources()).toEqual([`${URL_BASE}${PROMPT_PAGE}#${TOKEN}`]);
      controller.abort();
      controller = new AbortController();
      const sub = start({ 'autofill.pendingPrompt': { token: TOKEN } }, { isTop: false });
      await settle();
      expect(sub.asked('autofill.pendingPrompt')).toEqual([]);
    });

    it('reports a submitted sign-in with the opaque-origin flag', async () => {
      loadFixture('simple.html');
      const { asked } = start({}, { opaqueOrigin: true });
      document.addEventListener('submit', (event) => event.preventDefault(), { signal: controller.signal });
      for (const [id, value] of [
        ['username', 'alice'],
        ['password', 'pw-1'],
      ] as const) {
        byId(id).value = value;
        byId(id).dispatchEvent(new Event('input', { bubbles: true }));
      }
      document.getElementById('login')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
      expect(asked('autofill.submitted')).toEqual([{ formKind: 'sign-in', username: 'alice', password: 'pw-1', newPassword: null, opaqueOrigin: true }]);
    });
  });
});
