import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { MenuEntry, MenuState } from '../lib/autofill/protocol.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { fail, ok, type Script, scriptedBackground } from '../tests/unit/support/scripted-background.ts';
import { AutofillMenu } from './autofill-menu.tsx';
import type { Every } from './autofill-menu-model.ts';

useEnglish();

const TOKEN = 'menu-token-aaaaaaaaaaaaaaaa';

function entry(overrides: Partial<MenuEntry> = {}): MenuEntry {
  return { id: 'item-github', title: 'GitHub', username: 'octo@example.com', needsConfirmation: null, sharedFrom: null, hasTotp: false, ...overrides };
}

function menuState(overrides: Partial<MenuState> = {}): MenuState {
  return {
    vault: 'unlocked',
    field: 'password',
    formKind: 'sign-in',
    host: 'github.com',
    entries: [entry(), entry({ id: 'item-work', title: 'GitHub (work)', username: 'octo-work' })],
    ...overrides,
  };
}

/** A hand-driven "every": the test says when the next second has passed. */
function manualClock() {
  const runs = new Set<() => void>();
  const every: Every = (_ms, run) => {
    runs.add(run);
    return () => runs.delete(run);
  };
  return { every, tick: () => act(() => runs.forEach((run) => run())), running: () => runs.size };
}

function renderMenu(script: Script, options: { token?: string | null; openPopup?: () => Promise<boolean> } = {}) {
  const background = scriptedBackground({ 'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState()), ...script });
  const clock = manualClock();
  const openPopup = vi.fn(options.openPopup ?? (async () => true));
  const token = options.token === undefined ? TOKEN : options.token;
  const view = render(<AutofillMenu send={background.send} token={token} openPopup={openPopup} every={clock.every} />);
  return { ...view, background, clock, openPopup };
}

const entryButton = (id: string) => document.querySelector<HTMLButtonElement>(`button[data-entry-id="${id}"]`)!;

describe('AutofillMenu', () => {
  it('lists the frame’s logins, each a button named by title and username, under the host', async () => {
    const { container, background } = renderMenu({});
    const first = await screen.findByRole('button', { name: /GitHub.*octo@example\.com/ });
    expect(first.getAttribute('data-entry-id')).toBe('item-github');
    expect(screen.getByRole('button', { name: /GitHub \(work\).*octo-work/ }).getAttribute('data-entry-id')).toBe('item-work');
    expect(container.querySelector('header')?.textContent).toContain('Tessera');
    expect(container.querySelector('header')?.textContent).toContain('github.com');
    expect(screen.getByRole('list', { name: 'Logins for github.com' })).toBeTruthy();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(background.calls).toEqual([{ type: 'autofillMenu.state', payload: { token: TOKEN } }]);
  });

  it('names an item without a username by its title, and says where a shared sign-in was saved', async () => {
    renderMenu({ 'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ entries: [entry({ username: '', sharedFrom: 'icloud.com' })] })) });
    const row = await screen.findByRole('button', { name: 'GitHub' });
    expect(document.getElementById(row.getAttribute('aria-describedby')!)?.textContent).toBe('Saved for icloud.com');
  });

  it('asks the background to fill the chosen item, unconfirmed, when a row is clicked', async () => {
    const { background } = renderMenu({ 'autofillMenu.fill': () => ok<'autofillMenu.fill'>({ filled: true }) });
    fireEvent.click(await screen.findByRole('button', { name: /GitHub \(work\)/ }));
    await waitFor(() => expect(background.calls.at(-1)).toEqual({ type: 'autofillMenu.fill', payload: { token: TOKEN, itemId: 'item-work', confirmed: false } }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns about the http page and fills only after "Fill anyway" when the background needs a confirmation', async () => {
    const { background } = renderMenu({
      'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ host: 'github.test', entries: [entry({ needsConfirmation: 'http_downgrade' })] })),
      'autofillMenu.fill': ({ confirmed }) => (confirmed ? ok<'autofillMenu.fill'>({ filled: true }) : fail('confirmation_required')),
    });
    fireEvent.click(await screen.findByRole('button', { name: /GitHub/ }));
    const warning = await screen.findByText(/^This page is not secure \(http\)\./);
    expect(warning.textContent).toContain('GitHub');
    expect(background.calls.filter((call) => call.type === 'autofillMenu.fill')).toHaveLength(1);
    const fillAnyway = screen.getByRole('button', { name: 'Fill anyway' });
    expect(fillAnyway.getAttribute('data-action')).toBe('confirm-fill');
    expect(document.activeElement).toBe(fillAnyway);
    fireEvent.click(fillAnyway);
    await waitFor(() => expect(background.calls.at(-1)).toEqual({ type: 'autofillMenu.fill', payload: { token: TOKEN, itemId: 'item-github', confirmed: true } }));
    await waitFor(() => expect(screen.queryByText(/not secure \(http\)/)).toBeNull());
  });

  it('takes the question back without filling when "Cancel" is chosen after a confirmation request', async () => {
    const { background } = renderMenu({ 'autofillMenu.fill': () => fail('confirmation_required') });
    fireEvent.click(await screen.findByRole('button', { name: /GitHub \(work\)/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: 'Fill anyway' })).toBeNull();
    expect(background.calls.filter((call) => call.type === 'autofillMenu.fill')).toHaveLength(1);
  });

  it('offers "Use a generated password" on a new-password field and asks the background for one', async () => {
    const { background } = renderMenu({
      'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ field: 'newPassword', formKind: 'sign-up', entries: [] })),
      'autofillMenu.generate': () => ok<'autofillMenu.generate'>({ filled: true }),
    });
    const generate = await screen.findByRole('button', { name: 'Use a generated password' });
    expect(generate.getAttribute('data-action')).toBe('generate');
    expect(screen.queryByText(/No logins saved/)).toBeNull();
    fireEvent.click(generate);
    await waitFor(() => expect(background.calls.at(-1)).toEqual({ type: 'autofillMenu.generate', payload: { token: TOKEN } }));
  });

  it('does not offer a generated password on a sign-in password field', async () => {
    renderMenu({});
    await screen.findByRole('button', { name: 'GitHub, octo@example.com' });
    expect(screen.queryByRole('button', { name: 'Use a generated password' })).toBeNull();
  });

  it('says so when the fill found no field to fill any more', async () => {
    renderMenu({ 'autofillMenu.fill': () => ok<'autofillMenu.fill'>({ filled: false }) });
    fireEvent.click(await screen.findByRole('button', { name: /GitHub \(work\)/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('No field to fill was found on this page. Click into the sign-in form and try again.');
  });

  it('shows the error words when the background refuses the item for this site', async () => {
    renderMenu({ 'autofillMenu.fill': () => fail('site_mismatch') });
    fireEvent.click(await screen.findByRole('button', { name: /GitHub \(work\)/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('This login is not saved for this site, so Tessera does not fill it here.');
  });

  it('says "No logins saved for {host}" when nothing matches the frame', async () => {
    renderMenu({ 'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ host: 'example.org', entries: [] })) });
    expect(await screen.findByText('No logins saved for example.org')).toBeTruthy();
  });

  it('shows "Tessera is locked", opens the popup on Unlock, and lists the logins once unlocked', async () => {
    let vault: MenuState['vault'] = 'locked';
    const { clock, openPopup, background } = renderMenu({ 'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ vault, entries: vault === 'unlocked' ? [entry()] : [] })) });
    expect(await screen.findByText('Tessera is locked')).toBeTruthy();
    const unlock = screen.getByRole('button', { name: 'Unlock' });
    expect(unlock.getAttribute('data-action')).toBe('unlock');
    fireEvent.click(unlock);
    await waitFor(() => expect(openPopup).toHaveBeenCalledTimes(1));
    expect(screen.queryByText(/toolbar/)).toBeNull();
    await waitFor(() => expect(clock.running()).toBe(1));
    await clock.tick();
    await waitFor(() => expect(background.types().filter((type) => type === 'autofillMenu.state')).toHaveLength(2));
    expect(screen.getByText('Tessera is locked')).toBeTruthy();
    vault = 'unlocked';
    await clock.tick();
    expect(await screen.findByRole('button', { name: /GitHub/ })).toBeTruthy();
    await waitFor(() => expect(clock.running()).toBe(0));
  });

  it('says to click the toolbar button when the browser cannot open the popup from the menu', async () => {
    const { openPopup } = renderMenu({ 'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ vault: 'locked', entries: [] })) }, { openPopup: async () => false });
    fireEvent.click(await screen.findByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Click the Tessera button in the browser toolbar.')).toBeTruthy();
    expect(openPopup).toHaveBeenCalled();
  });

  it('says the vault locked and asks again when a fill finds it locked', async () => {
    let vault: MenuState['vault'] = 'unlocked';
    renderMenu({
      'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ vault })),
      'autofillMenu.fill': () => {
        vault = 'locked';
        return fail('vault_locked');
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /GitHub \(work\)/ }));
    expect(await screen.findByText('Tessera is locked')).toBeTruthy();
  });

  it('says the menu expired when the background no longer knows its token', async () => {
    const { background } = renderMenu({ 'autofillMenu.state': () => fail('autofill_expired') });
    expect(await screen.findByText('This menu has expired. Click the field again to reopen it.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(background.calls).toHaveLength(1);
  });

  it('says the menu expired when a fill comes too late', async () => {
    renderMenu({ 'autofillMenu.fill': () => fail('autofill_expired') });
    fireEvent.click(await screen.findByRole('button', { name: /GitHub \(work\)/ }));
    expect(await screen.findByText('This menu has expired. Click the field again to reopen it.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /GitHub/ })).toBeNull();
  });

  it('sends nothing and says it expired when the page has no usable token', async () => {
    const { background } = renderMenu({}, { token: null });
    expect(await screen.findByText('This menu has expired. Click the field again to reopen it.')).toBeTruthy();
    expect(background.calls).toEqual([]);
  });

  it('shows the error words when the state cannot be read', async () => {
    renderMenu({ 'autofillMenu.state': () => fail('internal_error') });
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong. Try again.');
    expect(screen.queryByText('Loading…')).toBeNull();
  });

  it('asks the background to close the menu on Escape and on the close button', async () => {
    const { background } = renderMenu({ 'autofillMenu.close': () => ok<'autofillMenu.close'>({ closed: true }) });
    fireEvent.keyDown(await screen.findByRole('button', { name: /GitHub \(work\)/ }), { key: 'Escape' });
    expect(background.calls.at(-1)).toEqual({ type: 'autofillMenu.close', payload: { token: TOKEN } });
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(background.types().filter((type) => type === 'autofillMenu.close')).toHaveLength(2);
  });

  it('moves between the choices with the arrow keys', async () => {
    renderMenu({ 'autofillMenu.state': () => ok<'autofillMenu.state'>(menuState({ field: 'newPassword' })) });
    const generate = await screen.findByRole('button', { name: 'Use a generated password' });
    fireEvent.keyDown(screen.getByRole('button', { name: 'Close' }), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(generate);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(entryButton('item-github'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(entryButton('item-work'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(entryButton('item-work'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(entryButton('item-github'));
  });
});
