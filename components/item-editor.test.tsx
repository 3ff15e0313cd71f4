import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { sampleItem } from '../tests/unit/support/popup-fixtures.ts';
import type { VaultItem } from '../lib/protocol/vault-item.ts';
import { ItemEditor } from './item-editor.tsx';

useEnglish();

const typeInto = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

function renderEditor(item: VaultItem | null = null) {
  const callbacks = { onSave: vi.fn(), onCancel: vi.fn() };
  const view = render(<ItemEditor item={item} siteHost="example.com" busy={false} error={null} {...callbacks} />);
  return { ...view, ...callbacks };
}

describe('ItemEditor', () => {
  it('names every control of a new login when shown', () => {
    const { container } = renderEditor();
    expect(screen.getByRole('heading', { name: 'New item' })).toBeTruthy();
    expect(controlsWithoutName(container)).toEqual([]);
    for (const name of ['Generate password', 'Add website', 'Add field', 'Save', 'Cancel']) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Item type' })).toBeTruthy();
  });

  it('refuses an empty title with "Give the item a title."', () => {
    const { onSave } = renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Give the item a title.');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('saves a login with websites and a hidden custom field, without empty rows', () => {
    const { onSave } = renderEditor();
    typeInto('Title', ' Example ');
    typeInto('Username', 'me@example.com');
    typeInto('Password', 'Quartz-Lantern-47');
    typeInto('Website', 'https://example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Add website' }));
    typeInto('Website 2', 'https://login.example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Add website' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add field' }));
    typeInto('Field name', 'PIN');
    typeInto('Field value', '1234');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Hidden' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith({
      kind: 'login',
      title: 'Example',
      notes: '',
      fields: [{ name: 'PIN', value: '1234', hidden: true }],
      login: {
        username: 'me@example.com',
        password: 'Quartz-Lantern-47',
        websites: [
          { url: 'https://example.com', match: 'site' },
          { url: 'https://login.example.com', match: 'site' },
        ],
        totp: '',
      },
    });
  });

  it('removes a website when "Remove website N" is clicked', () => {
    renderEditor(sampleItem({}, { websites: [{ url: 'https://a.example', match: 'host' }, { url: 'https://b.example', match: 'site' }] }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove website 1' }));
    expect(screen.getByLabelText<HTMLInputElement>('Website').value).toBe('https://b.example');
    expect(screen.queryByLabelText('Website 2')).toBeNull();
  });

  it('saves a secure note without login fields when the type is changed', () => {
    const { onSave } = renderEditor();
    fireEvent.change(screen.getByRole('combobox', { name: 'Item type' }), { target: { value: 'note' } });
    expect(screen.queryByLabelText('Username')).toBeNull();
    typeInto('Title', 'Wi-Fi');
    typeInto('Notes', 'door code');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith({ kind: 'note', title: 'Wi-Fi', notes: 'door code', fields: [], login: null });
  });

  it('starts from the item and keeps its website match when editing', () => {
    const { onSave } = renderEditor(sampleItem());
    expect(screen.getByRole('heading', { name: 'Edit item' })).toBeTruthy();
    typeInto('Password', 'New-Lantern-48');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSave.mock.calls[0]?.[0].login).toEqual({ ...sampleItem().content.login, password: 'New-Lantern-48' });
  });

  it('cancels when Escape is pressed', () => {
    const { onCancel } = renderEditor();
    fireEvent.keyDown(screen.getByLabelText('Title'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalled();
  });

  it('opens the generator from the password field and fills the password with its result', async () => {
    renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Generate password' }));
    const use = await screen.findByRole<HTMLButtonElement>('button', { name: 'Use' });
    await waitFor(() => expect(use.disabled).toBe(false));
    fireEvent.click(use);
    const password = screen.getByLabelText<HTMLInputElement>('Password', { selector: '[autocomplete="new-password"]' }).value;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(screen.queryByRole('button', { name: 'Use' })).toBeNull();
  });
});
