import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** Firefox needs a stable add-on id; Chrome derives its id from the install path or key. */
const GECKO_ID = 'tessera@tessera.dev';

/** The hub the extension talks to unless the user picks another ("Server address"). */
const builtInHubUrl = new URL(process.env.WXT_HUB_URL ?? 'http://127.0.0.1:8787');

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // activeTab: the popup's "items for this site" sees the tab's URL once the user opened the popup on it.
    // scripting: runs the autofill scripts in frames and tabs open before the extension was installed
    // (the autofill issue); the end-to-end tests also use it to prove that a content script cannot
    // read storage.session, where the unlocked vault key lives.
    permissions: ['storage', 'alarms', 'activeTab', 'scripting'],
    // The built-in hub plus loopback. Match patterns have no port: each covers every port of its host,
    // so a local or test hub works without a prompt.
    host_permissions: [...new Set([`${builtInHubUrl.protocol}//${builtInHubUrl.hostname}/*`, 'http://127.0.0.1/*', 'http://localhost/*'])],
    // A self-hosted hub elsewhere is granted at the moment the user saves its address.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Tessera' },
    // The autofill content script (entrypoints/autofill-content.ts): every frame, about:blank frames
    // too, once the page has loaded.
    content_scripts: [{ matches: ['<all_urls>'], all_frames: true, match_about_blank: true, run_at: 'document_idle', js: ['autofill-content.js'] }],
    // autofill-ui.js is the content script's on-demand half (menu, prompt and fill code; see
    // entrypoints/autofill-ui.ts): a content script may import() an extension file only if it is listed here.
    // The in-page autofill menu and the save/update prompt are extension pages the content script
    // puts in an iframe, so the page can neither read nor restyle them (lib/autofill/protocol.ts).
    // Every site may frame them: a sign-in form can be on any site. The content scripts themselves
    // run on <all_urls> (entrypoints/autofill-content.ts): installing asks for "read and change all your data
    // on all websites", which every autofilling password manager needs.
    web_accessible_resources: [{ resources: ['autofill-menu.html', 'save-prompt.html', 'autofill-ui.js'], matches: ['<all_urls>'] }],
    // "Fill the best match" on the focused page; the person may change the keys in the browser.
    commands: {
      'fill-login': { suggested_key: { default: 'Ctrl+Shift+L', mac: 'Command+Shift+L' }, description: '__MSG_commandFillLogin__' },
    },
    // 'wasm-unsafe-eval' lets the background run hash-wasm's Argon2id (lib/crypto/kdf.ts); nothing
    // else is loosened. Firefox's MV3 default also has upgrade-insecure-requests, kept there so the
    // override takes nothing away.
    content_security_policy: {
      extension_pages: `script-src 'self' 'wasm-unsafe-eval'; object-src 'self'${browser === 'firefox' ? '; upgrade-insecure-requests' : ''}`,
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: GECKO_ID, strict_min_version: '128.0' } } }
      : {}),
  }),
});
