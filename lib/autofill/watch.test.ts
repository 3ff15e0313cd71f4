/** watchForSignIn: batched re-scans of added subtrees, giving up on pages with nothing, abort. */
import { fakeLayout } from '../../tests/fixtures/autofill/load.ts';
import type { SignInForm } from './find-sign-in.ts';
import { watchForSignIn, type WatchOptions } from './watch.ts';

/** A manual scheduler: flushes run only when the test says so. */
function manualSchedule() {
  const queue: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => void queue.push(flush),
    async run() {
      await Promise.resolve(); // let MutationObserver callbacks (microtasks) run first
      await new Promise((resolve) => setTimeout(resolve, 0));
      const flushes = queue.splice(0);
      for (const flush of flushes) flush();
      return flushes.length;
    },
  };
}

function watch(options: Partial<WatchOptions> = {}) {
  const found: SignInForm[][] = [];
  const clock = manualSchedule();
  const watcher = watchForSignIn(document, (forms) => found.push(forms), { view: fakeLayout(), schedule: clock.schedule, ...options });
  return { found, clock, watcher };
}

const loginForm = (n: number) => `<input id="u${n}" name="username"><input id="p${n}" type="password">`;

describe('watchForSignIn', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('reports forms present at start', () => {
    document.body.innerHTML = `<form>${loginForm(1)}</form>`;
    const { found, watcher } = watch();
    expect(found.map((forms) => forms.map((f) => f.password?.id))).toEqual([['p1']]);
    watcher.stop();
  });

  it('batches many mutations into one flush and reports a form added later once', async () => {
    document.body.innerHTML = '<input id="seed" name="username"><div id="slot"></div>';
    const { found, clock, watcher } = watch();
    const slot = document.getElementById('slot')!;
    const form = document.createElement('form');
    form.innerHTML = loginForm(2);
    slot.append(form);
    for (let i = 0; i < 20; i++) slot.append(document.createElement('span'));
    expect(await clock.run()).toBe(1);
    expect(found.flat().map((f) => f.password?.id)).toEqual(['p2']);
    form.append(document.createElement('span')); // a re-render that brings nothing new
    await clock.run();
    expect(found).toHaveLength(1);
    watcher.stop();
  });

  it('groups a password added later with the username already there', async () => {
    document.body.innerHTML = '<form id="f"><input id="u" name="username"><button>Next</button></form>';
    const { found, clock, watcher } = watch();
    expect(found.flat().map((f) => f.kind)).toEqual(['username-first']);
    const password = document.createElement('input');
    password.type = 'password';
    password.id = 'p';
    document.getElementById('f')!.append(password);
    await clock.run();
    expect(found.at(-1)!.map((f) => [f.kind, f.username?.id, f.password?.id])).toEqual([['sign-in', 'u', 'p']]);
    watcher.stop();
  });

  it('finds forms in shadow roots present at start after a walk in slices, not in the first task', () => {
    // 12,000 elements: three slices of the first walk (5,000 elements each), then one more scan.
    document.body.innerHTML = `<div>${'<span></span>'.repeat(12_000)}</div><div id="host"></div>`;
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = `<form>${loginForm(7)}</form>`;
    const slices: (() => void)[] = [];
    const { found, watcher } = watch({ idle: (slice) => void slices.push(slice) });
    expect(found).toEqual([]);
    let ran = 0;
    while (slices.length) {
      slices.shift()!();
      ran++;
    }
    expect(ran).toBe(3);
    expect(found.flat().map((f) => f.password?.id)).toEqual(['p7']);
    watcher.stop();
  });

  it('stops the first walk when stopped', () => {
    document.body.innerHTML = `<div>${'<span></span>'.repeat(12_000)}</div><div id="host"></div>`;
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = `<form>${loginForm(8)}</form>`;
    const slices: (() => void)[] = [];
    const { found, watcher } = watch({ idle: (slice) => void slices.push(slice) });
    slices.shift()!();
    watcher.stop();
    while (slices.length) slices.shift()!();
    expect(found).toEqual([]);
  });

  it('sees a popover shown without any DOM change (its toggle event)', async () => {
    document.body.innerHTML = `<div id="pop"><form>${loginForm(9)}</form></div>`;
    const pop = document.getElementById('pop')!;
    const hiddenView = fakeLayout();
    let shown = false;
    const view = { ...hiddenView, style: (el: Element) => (el === pop && !shown ? { ...hiddenView.style(el), display: 'none' } : hiddenView.style(el)) };
    const { found, clock, watcher } = watch({ view });
    expect(found).toEqual([]);
    shown = true;
    pop.dispatchEvent(new Event('toggle'));
    await clock.run();
    expect(found.flat().map((f) => f.password?.id)).toEqual(['p9']);
    watcher.stop();
  });

  it('sees forms added inside an open shadow root after start', async () => {
    document.body.innerHTML = '<input name="username"><div id="host"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    const { found, clock, watcher } = watch();
    shadow.innerHTML = `<form>${loginForm(3)}</form>`;
    await clock.run();
    expect(found.flat().map((f) => f.password?.id)).toEqual(['p3']);
    watcher.stop();
  });

  it('gives up after quietBatches flushes when the page has no candidate at all', async () => {
    document.body.innerHTML = '<div id="feed"></div>';
    const { clock, watcher } = watch({ quietBatches: 3 });
    for (let i = 0; i < 3; i++) {
      expect(watcher.active).toBe(true);
      document.getElementById('feed')!.append(document.createElement('p'));
      await clock.run();
    }
    expect(watcher.active).toBe(false);
    document.getElementById('feed')!.innerHTML = `<form>${loginForm(4)}</form>`;
    expect(await clock.run()).toBe(0);
  });

  it('gives up after quietMs on a quiet page with no candidate', async () => {
    vi.useFakeTimers();
    try {
      const { watcher } = watch({ quietMs: 1000 });
      expect(watcher.active).toBe(true);
      vi.advanceTimersByTime(1001);
      expect(watcher.active).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stays on once a candidate was seen', async () => {
    document.body.innerHTML = '<input type="password" style="display:none"><div id="feed"></div>';
    const { clock, watcher } = watch({ quietBatches: 2 });
    for (let i = 0; i < 4; i++) {
      document.getElementById('feed')!.append(document.createElement('p'));
      await clock.run();
    }
    expect(watcher.active).toBe(true);
    watcher.stop();
  });

  it('stops on abort and does not start when already aborted', async () => {
    const controller = new AbortController();
    const { watcher, clock, found } = watch({ signal: controller.signal });
    controller.abort();
    expect(watcher.active).toBe(false);
    document.body.innerHTML = `<form>${loginForm(5)}</form>`;
    expect(await clock.run()).toBe(0);
    expect(found).toEqual([]);
    expect(watch({ signal: AbortSignal.abort() }).watcher.active).toBe(false);
  });
});
