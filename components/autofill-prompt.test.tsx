import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { PromptDetails } from '../lib/autofill/protocol.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { fail, ok, type Script, scriptedBackground } from '../tests/unit/support/scripted-background.ts';
import { AutofillPrompt } from './autofill-prompt.tsx';

useEnglish();

const TOKEN = 'prompt-token-aaaaaaaaaaaaaaa';
const SAVE: PromptDetails = { kind: 'save', title: 'example.com', username: 'sam@example.com', host: 'login.example.com', itemTitle: null };
const UPDATE: PromptDetails = { kind: 'update', title: 'example.com', username: 'sam@example.com', host: 'login.example.com', itemTitle: 'Example work' };

function renderPrompt(details: PromptDetails, script: Script = {}, token: string | null = TOKEN) {
  const background = scriptedBackground({ 'autofillPrompt.details': () => ok<'autofillPrompt.details'>(details), ...script });
  const view = render(<AutofillPrompt send={background.send} token={token} />);
  return { ...view, background };
}

const button = (action: string) => document.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!;

describe('AutofillPrompt', () => {
  it('asks "Save password for {host}?" with the title and username filled in', async () => {
    const { container } = renderPrompt(SAVE);
    expect(await screen.findByRole('heading', { name: 'Save password for login.example.com?' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('example.com');
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('sam@example.com');
    expect(button('save').textContent).toBe('Save');
    expect(button('never').textContent).toBe('Never for this site');
    expect(button('dismiss').textContent).toBe('Not now');
    expect(controlsWithoutName(container)).toEqual([]);
  });

  it('saves the title and username as edited and then says "Saved"', async () => {
    const { background } = renderPrompt(SAVE, { 'autofillPrompt.save': () => ok<'autofillPrompt.save'>({ saved: true, itemId: 'item-new' }) });
    fireEvent.input(await screen.findByLabelText('Title'), { target: { value: 'Example' } });
    fireEvent.input(screen.getByLabelText('Username'), { target: { value: 'sam' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
    expect(background.calls.at(-1)).toEqual({ type: 'autofillPrompt.save', payload: { token: TOKEN, title: 'Example', username: 'sam' } });
    expect(button('save').disabled).toBe(true);
  });

  it('asks "Update password for {item}?" without a title field, and updates on "Update"', async () => {
    const { background } = renderPrompt(UPDATE, { 'autofillPrompt.save': () => ok<'autofillPrompt.save'>({ saved: true, itemId: 'item-work' }) });
    expect(await screen.findByRole('heading', { name: 'Update password for Example work?' })).toBeTruthy();
    expect(screen.queryByLabelText('Title')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('sam@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
    expect(background.calls.at(-1)).toEqual({ type: 'autofillPrompt.save', payload: { token: TOKEN, title: 'example.com', username: 'sam@example.com' } });
  });

  it('remembers the site on "Never for this site" and says so', async () => {
    const { background } = renderPrompt(SAVE, { 'autofillPrompt.never': () => ok<'autofillPrompt.never'>({ site: 'example.com' }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Never for this site' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Tessera will not offer to save passwords on example.com again.'));
    expect(background.calls.at(-1)).toEqual({ type: 'autofillPrompt.never', payload: { token: TOKEN } });
  });

  it('declines on "Not now" and disables the answers', async () => {
    const { background } = renderPrompt(SAVE, { 'autofillPrompt.dismiss': () => ok<'autofillPrompt.dismiss'>({ closed: true }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(background.calls.at(-1)).toEqual({ type: 'autofillPrompt.dismiss', payload: { token: TOKEN } }));
    expect(button('save').disabled).toBe(true);
  });

  it('declines when Escape is pressed', async () => {
    const { background } = renderPrompt(SAVE, { 'autofillPrompt.dismiss': () => ok<'autofillPrompt.dismiss'>({ closed: true }) });
    fireEvent.keyDown(await screen.findByLabelText('Username'), { key: 'Escape' });
    await waitFor(() => expect(background.types()).toContain('autofillPrompt.dismiss'));
  });

  it('shows the error words and keeps the offer when saving fails', async () => {
    renderPrompt(SAVE, { 'autofillPrompt.save': () => fail('vault_locked') });
    fireEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your vault locked. Unlock it to go on.');
    expect(button('save').disabled).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('says the offer expired when the background no longer has it', async () => {
    renderPrompt(SAVE, { 'autofillPrompt.details': () => fail('autofill_expired') });
    expect(await screen.findByText('This offer has expired.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('says the offer expired when saving comes too late', async () => {
    renderPrompt(SAVE, { 'autofillPrompt.save': () => fail('autofill_expired') });
    fireEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByText('This offer has expired.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('sends nothing and says it expired when the page has no usable token', async () => {
    const { background } = renderPrompt(SAVE, {}, null);
    expect(await screen.findByText('This offer has expired.')).toBeTruthy();
    expect(background.calls).toEqual([]);
  });
});
