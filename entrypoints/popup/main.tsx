import { render } from 'preact';
import { browser } from 'wxt/browser';
import { sendMessage } from '../../lib/messaging/send-message.ts';
import { App } from './app.tsx';
import { createPopupModel } from './popup-model.ts';
import './popup.css';

const model = createPopupModel({
  send: sendMessage,
  requestHostPermission: (pattern) => browser.permissions.request({ origins: [pattern] }),
});
document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browser.i18n.getMessage('extName');
render(<App model={model} />, document.getElementById('app')!);
void model.start();
