/**
 * The save/update prompt page (/save-prompt.html#<token>), framed by the top frame's content script
 * after a sign-in or sign-up form was submitted with a password the vault does not have.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { tokenFromHash } from '../../components/autofill-page.tsx';
import { AutofillPrompt } from '../../components/autofill-prompt.tsx';
import { sendMessage } from '../../lib/messaging/send-message.ts';
import './prompt.css';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browser.i18n.getMessage('extName');
render(<AutofillPrompt send={sendMessage} token={tokenFromHash(location.hash)} />, document.getElementById('app')!);
