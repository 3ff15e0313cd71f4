import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { GeneratorPanel } from './generator-panel.tsx';

useEnglish();

const writeText = vi.fn<(text: string) => Promise<void>>();
beforeEach(() => {
  writeText.mockReset().mockResolvedValue(undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard');
});

function renderPanel(siteHost: string | null = null) {
  const callbacks = { onUse: vi.fn(), onClose: vi.fn() };
  const view = render(<GeneratorPanel siteHost={siteHost} {...callbacks} />);
  return { ...view, ...callbacks };
}

const value = () => screen.getByRole('textbox', { name: 'Generated password' }).textContent ?? '';
const checkbox = (name: string) => screen.getByRole<HTMLInputElement>('checkbox', { name });

describe('GeneratorPanel', () => {
  it('gives every control an accessible name when shown in either mode', async () => {
    const { container } = renderPanel();
    expect(controlsWithoutName(container)).toEqual([]);
    fireEvent.click(screen.getByRole('radio', { name: 'Passphrase' }));
    await waitFor(() => expect(screen.getByLabelText('Words')).toBeTruthy());
    expect(controlsWithoutName(container)).toEqual([]);
  });

  it('shows a 20-character password with every class and a strength line when opened', () => {
    renderPanel();
    expect(value()).toHaveLength(20);
    expect(value()).toMatch(/[A-Z]/);
    expect(value()).toMatch(/[a-z]/);
    expect(value()).toMatch(/\d/);
    expect(screen.getByText(/^Strength: very strong \(about \d+ bits\)$/)).toBeTruthy();
    expect(checkbox('Avoid ambiguous characters').checked).toBe(false);
  });

  it('follows the length from the number field and the slider, kept within 8..128', () => {
    renderPanel();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Length' }), { target: { value: '33' } });
    expect(value()).toHaveLength(33);
    fireEvent.input(screen.getByRole('slider', { name: 'Length slider' }), { target: { value: '12' } });
    expect(value()).toHaveLength(12);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Length' }), { target: { value: '500' } });
    expect(value()).toHaveLength(128);
  });

  it('leaves a class out when its box is unticked, and says what to do when none is left', () => {
    renderPanel();
    for (const name of ['Uppercase letters (A–Z)', 'Digits (0–9)', 'Symbols (!@#)']) fireEvent.click(checkbox(name));
    expect(value()).toMatch(/^[a-z]{20}$/);
    fireEvent.click(checkbox('Lowercase letters (a–z)'));
    expect(screen.getByRole('alert').textContent).toBe('Choose at least one kind of character.');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Use' }).disabled).toBe(true);
  });

  it('makes a new value when Regenerate is clicked', () => {
    renderPanel();
    const first = value();
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate' }));
    expect(value()).not.toBe(first);
  });

  it('copies the value to the clipboard and says so when Copy is clicked', async () => {
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(value());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Copied to the clipboard.'));
  });

  it('hands the value to onUse, and calls onClose, when their buttons are clicked', () => {
    const { onUse, onClose } = renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Use' }));
    expect(onUse).toHaveBeenCalledWith(value());
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('makes a passphrase from the word settings when Passphrase is chosen', async () => {
    renderPanel();
    fireEvent.click(screen.getByRole('radio', { name: 'Passphrase' }));
    await waitFor(() => expect(value().split('-')).toHaveLength(5));
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Words' }), { target: { value: '7' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Separator' }), { target: { value: '+' } });
    fireEvent.click(checkbox('Capitalize words'));
    fireEvent.click(checkbox('Include a number'));
    await waitFor(() => expect(value()).toMatch(/^([A-Z][a-z-]*\d?\+){6}[A-Z][a-z-]*\d?$/));
    expect(value().match(/\d/g)).toHaveLength(1);
  });

  it("follows a known site's rules by default and shows them in short", async () => {
    renderPanel('login.mail.163.com');
    const follow = await screen.findByRole<HTMLInputElement>('checkbox', { name: "Follow this site's password rules" });
    expect(follow.checked).toBe(true);
    expect(screen.getByText('6–16 characters')).toBeTruthy();
    await waitFor(() => expect(value()).toHaveLength(16));
    fireEvent.click(follow);
    expect(value()).toHaveLength(20);
  });

  it('offers no site rules when the site has none', async () => {
    renderPanel('example.com');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('checkbox', { name: "Follow this site's password rules" })).toBeNull();
  });
});
