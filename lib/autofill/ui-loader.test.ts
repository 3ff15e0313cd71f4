/** uiLoader: one import of the on-demand script, its API read from this world's global. */
import { UI_GLOBAL, UI_SCRIPT, uiLoader } from './ui-loader.ts';

const scope = globalThis as Record<string, unknown>;
const moduleSetting = (code: string) => `data:text/javascript,${encodeURIComponent(code)}`;

describe('uiLoader', () => {
  afterEach(() => {
    delete scope[UI_GLOBAL];
  });

  it('imports the extension script once and hands out the API it left behind', async () => {
    const paths: string[] = [];
    const load = uiLoader((path) => {
      paths.push(path);
      return moduleSetting(`globalThis.${UI_GLOBAL} = { marker: 'ui' };`);
    });
    const [first, second] = await Promise.all([load(), load()]);
    expect(first).toEqual({ marker: 'ui' });
    expect(second).toBe(first);
    expect(paths).toEqual([UI_SCRIPT]);
  });

  it('fails when the script left nothing, and tries again next time', async () => {
    let code = '/* nothing */';
    const load = uiLoader(() => moduleSetting(`${code}\n// ${Math.random()}`));
    await expect(load()).rejects.toThrow('autofill UI missing');
    code = `globalThis.${UI_GLOBAL} = { marker: 'late' };`;
    await expect(load()).resolves.toEqual({ marker: 'late' });
  });
});
