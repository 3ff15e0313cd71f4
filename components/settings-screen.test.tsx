import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../lib/messaging/messages.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { SettingsScreen } from './settings-screen.tsx';

useEnglish();

const BUILT_IN: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };
const CUSTOM: Settings = { ...BUILT_IN, serverAddress: 'https://self-hosted.example', custom: true };

function renderScreen(props: { settings?: Settings; signedIn?: boolean; busy?: boolean; notice?: string | null } = {}) {
  const onSaveServerAddress = vi.fn();
  const onBack = vi.fn();
  const view = render(
    <SettingsScreen
      settings={props.settings ?? BUILT_IN}
      signedIn={props.signedIn ?? false}
      busy={props.busy ?? false}
      error={null}
      notice={props.notice ?? null}
      onSaveServerAddress={onSaveServerAddress}
      onBack={onBack}
    />,
  );
  return { ...view, onSaveServerAddress, onBack };
}

const saveButton = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Save' });

describe('SettingsScreen', () => {
  it('gives every control an accessible name when shown', () => {
    const { container } = renderScreen({ settings: CUSTOM });
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole('textbox', { name: 'Server address' })).toBeTruthy();
    for (const name of ['Back', 'Use the built-in server', 'Save']) expect(screen.getByRole('button', { name })).toBeTruthy();
  });

  it('shows the current address when opened', () => {
    renderScreen({ settings: CUSTOM });
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Server address' }).value).toBe('https://self-hosted.example');
  });

  it('disables Save, hides the built-in button and says why when signed in', () => {
    const { onSaveServerAddress, container } = renderScreen({ settings: CUSTOM, signedIn: true });
    expect(saveButton().disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Use the built-in server' })).toBeNull();
    expect(screen.getByText('Sign out to change the server address.')).toBeTruthy();
    fireEvent.submit(container.querySelector('form')!);
    expect(onSaveServerAddress).not.toHaveBeenCalled();
  });

  it('saves what was typed when signed out and Save is clicked', () => {
    const { onSaveServerAddress } = renderScreen();
    expect(saveButton().disabled).toBe(false);
    fireEvent.input(screen.getByRole('textbox', { name: 'Server address' }), { target: { value: 'https://mine.example/tessera' } });
    fireEvent.click(saveButton());
    expect(onSaveServerAddress).toHaveBeenCalledWith('https://mine.example/tessera');
  });

  it('saves the built-in address when "Use the built-in server" is clicked', () => {
    const { onSaveServerAddress } = renderScreen({ settings: CUSTOM });
    fireEvent.click(screen.getByRole('button', { name: 'Use the built-in server' }));
    expect(onSaveServerAddress).toHaveBeenCalledWith('https://hub.tessera.example');
  });

  it('offers no built-in button when the built-in server is already used', () => {
    renderScreen();
    expect(screen.queryByRole('button', { name: 'Use the built-in server' })).toBeNull();
  });

  it('announces the notice politely when saved', () => {
    renderScreen({ notice: 'Saved' });
    expect(screen.getByRole('status').textContent).toBe('Saved');
  });
});
