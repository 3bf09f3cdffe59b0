import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';

/**
 * Whether the person has navigated within the page (a hash change) since it loaded. After a navigation the
 * new view's heading takes focus, so a screen reader announces it and Tab continues from there; on the
 * first load focus stays where the browser puts it.
 */
export const NavigationFocus = createContext<{ current: boolean }>({ current: false });

/**
 * A view's `h1`. After a navigation it takes focus when it appears, unless the person has already moved
 * focus somewhere that is still on the page (the link they followed is gone, as is a "Loading…" heading
 * this one replaces).
 * @example <RouteHeading>{account.name}</RouteHeading>
 */
export function RouteHeading({ children }: { children: ComponentChildren }) {
  const navigated = useContext(NavigationFocus);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!navigated.current) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} class="rp-dash-h1" tabIndex={-1}>
      {children}
    </h1>
  );
}
