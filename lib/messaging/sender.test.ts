import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { classifySender, originOf } from './sender.ts';

const ID = fakeBrowser.runtime.id;
// As the background computes it.
const ORIGIN = originOf(fakeBrowser.runtime.getURL('/'));
const tab = { id: 7, index: 0, windowId: 1, active: true } as Browser.tabs.Tab;

describe('classifySender', () => {
  it('classifies the sender as extension_page when it is this extension’s popup', () => {
    expect(classifySender({ id: ID, url: fakeBrowser.runtime.getURL('/popup.html') }, ID, ORIGIN)).toBe('extension_page');
  });

  it('classifies the sender as extension_page when it is this extension’s page open in a tab', () => {
    expect(classifySender({ id: ID, url: fakeBrowser.runtime.getURL('/options.html'), tab }, ID, ORIGIN)).toBe('extension_page');
  });

  it('classifies the sender as content_script when it has this id, a web page URL and a tab', () => {
    expect(classifySender({ id: ID, url: 'https://bank.example/login', tab }, ID, ORIGIN)).toBe('content_script');
  });

  it('classifies the sender as content_script when it runs in an about:blank frame of a tab', () => {
    expect(classifySender({ id: ID, url: 'about:blank', tab }, ID, ORIGIN)).toBe('content_script');
  });

  it('classifies the sender as other when another extension sends from its own page', () => {
    expect(classifySender({ id: 'another-extension-id', url: 'chrome-extension://another-extension-id/popup.html' }, ID, ORIGIN)).toBe('other');
  });

  it('classifies the sender as other when another extension claims our page URL', () => {
    expect(classifySender({ id: 'another-extension-id', url: fakeBrowser.runtime.getURL('/popup.html') }, ID, ORIGIN)).toBe('other');
  });

  it('does not classify the sender as extension_page when its URL only starts with our origin', () => {
    const lookalike = `${ORIGIN}.evil.example/popup.html`;
    expect(classifySender({ id: ID, url: lookalike, tab }, ID, ORIGIN)).toBe('content_script');
    expect(classifySender({ id: ID, url: lookalike }, ID, ORIGIN)).toBe('other');
  });

  it('does not classify the sender as extension_page when it is another extension scheme host', () => {
    expect(classifySender({ id: ID, url: 'chrome-extension://another-extension-id/popup.html' }, ID, ORIGIN)).toBe('other');
  });

  it('classifies the sender as other when it has neither URL nor tab', () => {
    expect(classifySender({ id: ID }, ID, ORIGIN)).toBe('other');
  });

  it('classifies every sender as other when the extension origin is unknown', () => {
    expect(classifySender({ id: ID, url: 'about:blank' }, ID, null)).toBe('other');
  });
});

describe('originOf', () => {
  it('gives scheme and host when the URL is an extension page', () => {
    expect(originOf('chrome-extension://abcdef/popup.html')).toBe('chrome-extension://abcdef');
    expect(originOf('moz-extension://0a1b2c3d-1111-2222-3333-444455556666/popup.html')).toBe('moz-extension://0a1b2c3d-1111-2222-3333-444455556666');
  });

  it('gives the web origin when the URL is a web page', () => {
    expect(originOf('https://Bank.example:443/login?x=1')).toBe('https://bank.example');
  });

  it('gives null when the URL has no host', () => {
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});
