/** Moves focus to a screen's heading when it appears, so keyboard and screen-reader users start there. */
import { useEffect, useRef } from 'preact/hooks';

export function useFocusHeading<T extends HTMLElement = HTMLHeadingElement>(deps: readonly unknown[] = []) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, deps);
  return ref;
}
