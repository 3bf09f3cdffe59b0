import type { SearchHit } from '@rapport/shared';
import { useEffect, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/pages';
import { type RapportError, sendToBackground } from '../messaging';
import { type DetailTarget, PopupDetail } from './popup-detail';

const DEBOUNCE_MS = 200;

type Phase = 'idle' | 'loading' | 'done' | 'error';

export interface QuickSearchProps {
  /** The session has ended (or was never there): the popup reads its status again. */
  onSignedOut: () => void;
  /** Opens the options page to sign in again. */
  onSignIn: () => void;
}

/**
 * A search box over the server's `/search`: debounced, with loading, empty and error states. ArrowUp and
 * ArrowDown move through the results (a combobox with a listbox); Enter or a click opens the active one's
 * detail, from which its account or stakeholders open in turn. "Back" or Escape returns one step, and finally
 * to the results as they were (same query, same row), with the focus where it was.
 */
export function QuickSearch({ onSignedOut, onSignIn }: QuickSearchProps) {
  const [q, setQ] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [items, setItems] = useState<SearchHit[]>([]);
  const [error, setError] = useState<RapportError | null>(null);
  const [active, setActive] = useState(0);
  /** The open details, the visible one last; empty while the results show. */
  const [details, setDetails] = useState<DetailTarget[]>([]);
  /** What had the focus when each detail opened, to give it back on "Back". */
  const openers = useRef<(Element | null)[]>([]);
  const restoreFocus = useRef<Element | null | undefined>(undefined);
  const latest = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  // The popup opens to type into: focus the box (an effect rather than autofocus, which popups may ignore).
  useEffect(() => input.current?.focus(), []);
  useEffect(() => document.getElementById(`hit-${active}`)?.scrollIntoView?.({ block: 'nearest' }), [active]);

  useEffect(() => {
    const query = q.trim();
    const id = ++latest.current;
    if (!query) {
      setPhase('idle');
      setItems([]);
      return;
    }
    setPhase('loading');
    const timer = setTimeout(async () => {
      const res = await sendToBackground({ type: 'search', q: query, limit: 10 });
      if (id !== latest.current) return; // a newer query has been typed since
      if (!res.ok) {
        if (res.error.code === 'signed_out' || res.error.code === 'expired') onSignedOut();
        setError(res.error);
        setPhase('error');
        return;
      }
      setItems(res.data.items);
      setActive(0);
      setPhase('done');
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);

  const open = (target: DetailTarget) => {
    openers.current.push(document.activeElement);
    setDetails((shown) => [...shown, target]);
  };
  const back = () => {
    restoreFocus.current = openers.current.pop() ?? null;
    setDetails((shown) => shown.slice(0, -1));
  };
  const choose = (hit: SearchHit) =>
    open(
      hit.type === 'account'
        ? { kind: 'account', id: hit.id, name: hit.name }
        : { kind: 'contact', id: hit.id, accountId: hit.accountId, name: hit.name },
    );

  // Escape goes back one step from wherever the focus is in a detail (even nowhere, after a click on text).
  useEffect(() => {
    if (!details.length) return;
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
      e.preventDefault();
      back();
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, [details]);

  // After "Back", the focus returns to what opened the closed detail: the search box (whose active option
  // is the row chosen), or the button in the detail below. Browsers that do not focus clicked buttons leave
  // nothing to return to; then the revealed detail's heading takes it.
  useEffect(() => {
    const target = restoreFocus.current;
    if (target === undefined) return;
    restoreFocus.current = undefined;
    if (!details.length) {
      input.current?.focus();
      document.getElementById(`hit-${active}`)?.scrollIntoView?.({ block: 'nearest' });
    } else if (target instanceof HTMLElement && target.isConnected && !target.closest('[hidden]')) {
      target.focus();
    } else {
      document
        .getElementById(`detail-${details.length - 1}`)
        ?.querySelector<HTMLElement>('h2')
        ?.focus();
    }
  }, [details]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!items.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (e.key === 'ArrowDown' ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = items[active];
      if (hit) choose(hit);
    }
  };

  const message =
    phase === 'loading'
      ? m.pages.search.searching
      : phase === 'done' && !items.length
        ? m.pages.search.noMatch(q.trim())
        : phase === 'done'
          ? m.pages.search.count(items.length)
          : '';
  return (
    <>
      <div class="search" hidden={details.length > 0}>
        <label for="quick-search">{m.pages.search.label}</label>
        <input
          id="quick-search"
          type="text"
          enterKeyHint="search"
          value={q}
          ref={input}
          autocomplete="off"
          spellcheck={false}
          placeholder={m.pages.search.placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={items.length > 0}
          aria-controls="quick-search-results"
          aria-activedescendant={items.length ? `hit-${active}` : undefined}
          onInput={(e) => setQ(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <p class="muted small" role="status">
          {message}
        </p>
        {phase === 'error' && error && (
          <p class="error" role="alert">
            {error.message}
          </p>
        )}
        <div
          id="quick-search-results"
          role="listbox"
          aria-label={m.pages.search.results}
          class="results"
          hidden={!items.length}
        >
          {items.map((hit, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works through the combobox input (aria-activedescendant)
            <div
              key={`${hit.type}:${hit.id}`}
              id={`hit-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              class={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setActive(i);
                choose(hit);
              }}
            >
              <span class="hit-name">{hit.name}</span>
              <span class="tag">{m.pages.search.kind[hit.type]}</span>
              <span class="hit-detail">{hit.detail}</span>
            </div>
          ))}
        </div>
      </div>
      {details.map((target, i) => (
        <div key={`${i}:${target.kind}:${target.id}`} id={`detail-${i}`}>
          <PopupDetail
            target={target}
            backTo={i === 0 ? null : (details[i - 1]?.name ?? null)}
            visible={i === details.length - 1}
            onBack={back}
            onOpen={open}
            onSignedOut={onSignedOut}
            onSignIn={onSignIn}
          />
        </div>
      ))}
    </>
  );
}
