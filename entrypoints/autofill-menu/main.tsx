/**
 * The in-page autofill menu page (/autofill-menu.html#<token>), framed by the content script under
 * a focused sign-in field. Loaded on every such focus, so it ships preact and the menu only.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { AutofillMenu } from '../../components/autofill-menu.tsx';
import { tokenFromHash } from '../../components/autofill-page.tsx';
import { sendMessage } from '../../lib/messaging/send-message.ts';
import './menu.css';

/** The toolbar popup, to unlock; false where the browser does not let a page open it. */
async function openPopup(): Promise<boolean> {
  const action = browser.action as { openPopup?: () => Promise<void> } | undefined;
  if (typeof action?.openPopup !== 'function') return false;
  try {
    await action.openPopup();
    return true;
  } catch {
    return false;
  }
}

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browser.i18n.getMessage('extName');
render(<AutofillMenu send={sendMessage} token={tokenFromHash(location.hash)} openPopup={openPopup} />, document.getElementById('app')!);
