import { createContext } from 'preact';
import { useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { parseRoute, type Route } from './route';

/*
 * Unsaved work against in-page navigation. The account page routes on the hash, and `hashchange` cannot be
 * cancelled: a link click is stopped before it navigates, while Back, Forward or a typed address are undone
 * after the fact by traversing back over the same step (`history.go`), so no entry is added and Back never
 * loops. Each history entry the page shows carries its index in `history.state` to know the step.
 */

/**
 * What a view tells the page about work that leaving would lose, and how it asks before dropping it.
 * @example const guard = useLeaveGuard(unsaved ? 'You have unsaved changes to the 2027 plan.' : null);
 */
export interface LeaveGuard {
  /**
   * Holds navigation to another view while `what` ("You have unsaved changes to the 2027 plan.") would be
   * lost; returns the release.
   */
  hold: (what: string) => () => void;
  /**
   * Asks in the page's dialog whether to leave `what` ("You have unsaved changes to the 2027 plan.") behind,
   * or asks in other words (`{ text: 'Discard your changes to Jane Doe?', leave: 'Discard' }`): true to
   * leave, false to stay.
   */
  ask: (what: string | LeaveWords) => Promise<boolean>;
  /** Changes the address without a new history entry or a new view (the plan's year, say). */
  replace: (hash: string) => void;
}

/** Outside the dashboard (a component rendered alone) nothing guards: leaving is always fine. */
const UNGUARDED: LeaveGuard = {
  hold: () => () => {},
  ask: () => Promise.resolve(true),
  replace: (hash) => history.replaceState(history.state, '', hash),
};

export const LeaveGuardContext = createContext<LeaveGuard>(UNGUARDED);

/**
 * While `what` is set, moving to another view of the page asks first, in the page's dialog, and closing or
 * reloading the tab asks too (in the browser's words). Returns the guard, to ask before other changes that
 * would drop the work.
 * @example useLeaveGuard(dirty ? `You have unsaved changes to the ${period} plan.` : null);
 */
export function useLeaveGuard(what: string | null): LeaveGuard {
  const guard = useContext(LeaveGuardContext);
  // In the commit, not after the paint: a link clicked as soon as "Saved" shows must not still be held.
  useLayoutEffect(() => (what ? guard.hold(what) : undefined), [guard, what]);
  const holding = what !== null;
  useEffect(() => {
    if (!holding) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [holding]);
  return guard;
}

/** What the leave dialog says: its question, and the button that drops the work ("Stay" is the other). */
export interface LeaveWords {
  /** e.g. "You have unsaved changes to the 2027 plan. Leave without saving?" */
  text: string;
  /** e.g. "Leave without saving" */
  leave: string;
}

/**
 * The dialog's words for leaving a view that holds `what`.
 * @example leaveWords('You have unsaved changes to the 2027 plan.') // { text: '… Leave without saving?', leave: 'Leave without saving' }
 */
export function leaveWords(what: string): LeaveWords {
  return { text: m.dashboard.leave.question(what), leave: m.dashboard.leave.leave };
}

/** The question on screen and how to answer it. */
export interface LeaveQuestion extends LeaveWords {
  answer: (leave: boolean) => void;
}

export interface GuardedRoute {
  route: Route;
  /** Whether the person has moved to another view since the page loaded (for focus; see RouteHeading). */
  navigated: { current: boolean };
  /** For `LeaveGuardContext`. */
  guard: LeaveGuard;
  /** The question to show in the leave dialog, if one is being asked. */
  question: LeaveQuestion | null;
}

const INDEX = 'rapportIndex';

function indexOf(state: unknown): number | null {
  if (typeof state !== 'object' || state === null) return null;
  const at = (state as Record<string, unknown>)[INDEX];
  return typeof at === 'number' && Number.isInteger(at) ? at : null;
}

/** Marks the current entry with its index, keeping whatever else its state holds. */
function stamp(at: number): void {
  const state: unknown = history.state;
  history.replaceState({ ...(typeof state === 'object' && state !== null ? state : {}), [INDEX]: at }, '');
}

/**
 * The page's route from the hash, guarded: a view holding unsaved work (`useLeaveGuard`) is not left for
 * another without a "Leave without saving" in the dialog this returns as `question`.
 * @example const { route, guard, question } = useGuardedRoute();
 */
export function useGuardedRoute(): GuardedRoute {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [question, setQuestion] = useState<LeaveQuestion | null>(null);
  const navigated = useRef(false);
  const held = useRef<{ what: string }[]>([]);
  /** The hash of the view on screen: a `hashchange` back to it is our own undoing. */
  const shown = useRef(location.hash);
  /** The index of the history entry on screen. */
  const index = useRef(0);
  /** The hash the person chose to leave for, so arriving there is not asked about again. */
  const leaving = useRef<string | null>(null);
  const asking = useRef(false);

  const guard = useMemo<LeaveGuard>(
    () => ({
      hold(what) {
        const entry = { what };
        held.current = [...held.current, entry];
        return () => {
          held.current = held.current.filter((e) => e !== entry);
        };
      },
      ask(what) {
        // One question at a time: a second navigation while it is open just stays.
        if (asking.current) return Promise.resolve(false);
        asking.current = true;
        return new Promise<boolean>((resolve) => {
          setQuestion({
            ...(typeof what === 'string' ? leaveWords(what) : what),
            answer: (leave) => {
              asking.current = false;
              setQuestion(null);
              resolve(leave);
            },
          });
        });
      },
      replace(hash) {
        shown.current = hash;
        history.replaceState(history.state, '', hash);
      },
    }),
    [],
  );

  // Listening from the first render on, so no navigation slips by before the page takes note of it.
  useLayoutEffect(() => {
    const at = indexOf(history.state);
    if (at === null) stamp(0);
    index.current = at ?? 0;

    // Everything that leaving would drop is said: the plan and a stakeholder form can both hold changes.
    const pending = () => (held.current.length > 0 ? held.current.map((e) => e.what).join(' ') : null);
    const show = (hash: string, at: number) => {
      leaving.current = null;
      shown.current = hash;
      index.current = at;
      navigated.current = true;
      setRoute(parseRoute(hash));
    };

    const onHash = () => {
      const hash = location.hash;
      if (hash === shown.current) return;
      // An entry without our index is a new one (a link, a typed address), right after the one shown.
      const found = indexOf(history.state);
      const to = found ?? index.current + 1;
      if (found === null) stamp(to);
      const what = pending();
      if (!what || hash === leaving.current) {
        show(hash, to);
        return;
      }
      const step = to - index.current;
      if (step !== 0) history.go(-step);
      else history.replaceState(history.state, '', shown.current);
      void guard.ask(what).then((leave) => {
        if (!leave) return;
        leaving.current = hash;
        if (step !== 0) history.go(step);
        else {
          history.replaceState(history.state, '', hash);
          show(hash, to);
        }
      });
    };

    // A link to another view is stopped before it navigates, and followed (a new entry, as the link would
    // have made) if the person chooses to leave.
    const onClick = (event: MouseEvent) => {
      const hash = sameDocumentHash(event);
      if (hash === null) return;
      // Someone else's replaceState may have dropped the index: put it back before the entry is left.
      if (indexOf(history.state) !== index.current) stamp(index.current);
      const what = pending();
      if (!what) return;
      event.preventDefault();
      void guard.ask(what).then((leave) => {
        if (!leave) return;
        const to = index.current + 1;
        history.pushState({ [INDEX]: to }, '', hash);
        show(hash, to);
      });
    };

    window.addEventListener('hashchange', onHash);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('hashchange', onHash);
      document.removeEventListener('click', onClick);
    };
  }, [guard]);

  return { route, navigated, guard, question };
}

/** The hash a plain click on a link to another view of this page goes to, else null. */
function sameDocumentHash(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  // With a modifier the link opens in another tab or window: this page stays.
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return null;
  if (link.target !== '' && link.target !== '_self') return null;
  const to = new URL(link.href, location.href);
  const here = new URL(location.href);
  if (to.origin !== here.origin || to.pathname !== here.pathname || to.search !== here.search) return null;
  // Without a hash the link loads the page again: `beforeunload` asks then.
  return to.hash !== '' && to.hash !== here.hash ? to.hash : null;
}
