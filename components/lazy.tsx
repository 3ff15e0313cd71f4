/**
 * A screen loaded on first use with dynamic import(), so the popup's first screen stays small
 * (the editor, the generator, vault settings and the strength meter's dictionaries come later).
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<unknown> | null = null;
  return function Lazy(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      loading ??= load().then((component) => (loaded = component));
      void loading.then(() => live && setReady(true));
      return () => {
        live = false;
      };
    }, []);
    const Component = loaded;
    return Component ? <Component {...props} /> : <p class="loading">{t('loading')}</p>;
  };
}
