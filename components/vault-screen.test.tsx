import { fireEvent, render, screen } from '@testing-library/preact';
import type { JSX } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { ItemPreview } from '../lib/protocol/vault-item.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { samplePreview, sampleList } from '../tests/unit/support/popup-fixtures.ts';
import { type VaultFilter, VaultScreen } from './vault-screen.tsx';

useEnglish();

const ITEMS = [
  samplePreview({ id: 'github', title: 'GitHub', username: 'octo' }),
  samplePreview({ id: 'mail', title: 'Mail', username: 'postman', favourite: true }),
  samplePreview({ id: 'bank', title: 'Bank', username: 'me' }),
];

interface ScreenOptions {
  items?: ItemPreview[];
  results?: string[];
  filter?: VaultFilter;
  query?: string;
  shown?: number;
  sync?: JSX.Element;
  siteIds?: string[];
  fillConfirm?: string | null;
}

function renderScreen(props: ScreenOptions = {}) {
  const items = props.items ?? ITEMS;
  const callbacks = {
    onQuery: vi.fn(),
    onFilter: vi.fn(),
    onShowMore: vi.fn(),
    onOpen: vi.fn(),
    onAdd: vi.fn(),
    onLock: vi.fn(),
    onAccount: vi.fn(),
    onSettings: vi.fn(),
    onEmptyTrash: vi.fn(),
    onFill: vi.fn(),
    onConfirmFill: vi.fn(),
    onCancelFill: vi.fn(),
  };
  const view = render(
    <VaultScreen
      list={sampleList(items, props.siteIds ? { host: 'github.com', ids: props.siteIds } : null)}
      fillConfirm={props.fillConfirm ?? null}
      results={props.results ?? items.map((item) => item.id)}
      byId={new Map(items.map((item) => [item.id, item]))}
      filter={props.filter ?? 'all'}
      query={props.query ?? ''}
      shown={props.shown ?? 100}
      busy={false}
      error={null}
      notice={null}
      sync={props.sync}
      {...callbacks}
    />,
  );
  return { ...view, ...callbacks };
}

describe('VaultScreen', () => {
  it('names every control, with rows named by title and described by username', () => {
    const { container } = renderScreen();
    expect(screen.getByRole('heading', { name: 'Vault' })).toBeTruthy();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole('searchbox', { name: 'Search vault' })).toBeTruthy();
    for (const name of ['Add item', 'Lock', 'Account', 'Vault settings']) expect(screen.getByRole('button', { name })).toBeTruthy();
    const row = screen.getByRole('button', { name: 'GitHub' });
    expect(document.getElementById(row.getAttribute('aria-describedby')!)?.textContent).toContain('octo');
  });

  it('marks the current filter pressed and reports a new one', () => {
    const { onFilter } = renderScreen({ filter: 'favourites' });
    expect(screen.getByRole('button', { name: 'Favourites' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'All items' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Trash' }));
    expect(onFilter).toHaveBeenCalledWith('trash');
  });

  it('reports every keystroke in the search box', () => {
    const { onQuery } = renderScreen();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search vault' }), { target: { value: 'git' } });
    expect(onQuery).toHaveBeenCalledWith('git');
  });

  it('moves between rows with the arrow keys, from the search box down', () => {
    renderScreen();
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'GitHub' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Mail' }));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Bank' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Mail' }));
  });

  it('opens an item when its row is clicked', () => {
    const { onOpen } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Mail' }));
    expect(onOpen).toHaveBeenCalledWith('mail');
  });

  it('says "No items yet" when the vault is empty and "No items match" when the search finds nothing', () => {
    const empty = renderScreen({ items: [] });
    expect(screen.getByText('No items yet')).toBeTruthy();
    empty.unmount();
    renderScreen({ results: [], query: 'zzz' });
    expect(screen.getByText('No items match')).toBeTruthy();
  });

  it('renders only a window of rows and offers "Show more" when there are many', () => {
    const many = Array.from({ length: 250 }, (_, n) => samplePreview({ id: `item-${n}`, title: `Item ${n}` }));
    const { onShowMore } = renderScreen({ items: many, shown: 100 });
    expect(screen.getAllByRole('listitem')).toHaveLength(100);
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(onShowMore).toHaveBeenCalled();
  });

  it('empties the trash after a confirm step when in the trash', () => {
    const { onEmptyTrash } = renderScreen({ filter: 'trash' });
    fireEvent.click(screen.getByRole('button', { name: 'Empty trash' }));
    expect(onEmptyTrash).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Empty trash' }));
    expect(onEmptyTrash).toHaveBeenCalled();
  });

  it('marks a conflict copy in the list, in the row’s description, when its title says so', () => {
    renderScreen({ items: [samplePreview({ id: 'copy', title: 'GitHub (conflict copy)' }), samplePreview({ id: 'github', title: 'GitHub' })] });
    const describe = (name: string) => document.getElementById(screen.getByRole('button', { name }).getAttribute('aria-describedby')!)?.textContent;
    expect(describe('GitHub (conflict copy)')).toContain('Conflict copy');
    expect(describe('GitHub')).not.toContain('Conflict copy');
  });

  it('shows the sync line it is given in the header', () => {
    const { container } = renderScreen({ sync: <p role="status">Synced</p> });
    expect(container.querySelector('header')?.textContent).toContain('Synced');
  });

  it('offers "Fill {title}" only on the current site’s logins, and reports which', () => {
    const items = [...ITEMS, samplePreview({ id: 'broken', title: 'Broken', problem: 'undecryptable' }), samplePreview({ id: 'note', title: 'Note', kind: 'note' })];
    const { onFill, onOpen, container } = renderScreen({ items, siteIds: ['github', 'bank', 'broken', 'note'] });
    const fills = [...container.querySelectorAll<HTMLButtonElement>('button[data-action="fill"]')];
    expect(fills.map((button) => [button.dataset.itemId, button.textContent])).toEqual([
      ['github', 'Fill'],
      ['bank', 'Fill'],
    ]);
    expect(controlsWithoutName(container)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Fill Bank' }));
    expect(onFill).toHaveBeenCalledWith('bank');
    expect(onOpen).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Fill Mail' })).toBeNull();
  });

  it('shows no Fill buttons when no item is for the current site', () => {
    const { container } = renderScreen();
    expect(container.querySelector('button[data-action="fill"]')).toBeNull();
  });

  it('asks before filling an https login into an http page, and fills or cancels as chosen', () => {
    const { onConfirmFill, onCancelFill } = renderScreen({ siteIds: ['github'], fillConfirm: 'github' });
    expect(screen.getByText(/^This page is not secure \(http\)\. GitHub was saved/)).toBeTruthy();
    const fillAnyway = screen.getByRole('button', { name: 'Fill anyway' });
    expect(fillAnyway.getAttribute('data-action')).toBe('confirm-fill');
    fireEvent.click(fillAnyway);
    expect(onConfirmFill).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancelFill).toHaveBeenCalled();
  });
});
