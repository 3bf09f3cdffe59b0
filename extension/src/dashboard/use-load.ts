import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

import type { RapportError, Result } from '../messaging';

/**
 * What a section shows while its data comes: `loading` (with the previous data when reloading, so the page
 * does not blank out), `ready`, or `error` (with the previous data, if any).
 */
export type Loaded<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: RapportError; data: T | null };

export interface Load<T> {
  state: Loaded<T>;
  /** Asks again; an answer to an earlier request that arrives later is dropped. */
  reload: () => Promise<void>;
  /** Replaces the data (e.g. with a save's answer) without asking. */
  set: (data: T) => void;
}

/**
 * Runs `request` now and whenever `deps` change; answers to requests made for older `deps` are dropped,
 * so moving to another account never shows the previous one's data.
 * @example const plan = useLoad(() => sendToBackground({ type: 'accountPlan', accountId, period }), [accountId, period]);
 */
export function useLoad<T>(request: () => Promise<Result<T>>, deps: readonly unknown[]): Load<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', data: null });
  const run = useRef(0);
  const latest = useRef(request);
  latest.current = request;

  const reload = useCallback(async () => {
    const id = ++run.current;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    const res = await latest.current();
    if (id !== run.current) return;
    setState((previous) =>
      res.ok
        ? { status: 'ready', data: res.data }
        : { status: 'error', error: res.error, data: previous.data },
    );
  }, []);

  const set = useCallback((data: T) => {
    run.current++;
    setState({ status: 'ready', data });
  }, []);

  // The caller names what the request depends on.
  useEffect(() => {
    setState({ status: 'loading', data: null });
    void reload();
    return () => {
      run.current++;
    };
  }, deps);

  return { state, reload, set };
}
