import type { Account, SearchHit } from '@rapport/shared';
import { useEffect, useRef, useState } from 'preact/hooks';

import { type RapportError, sendToBackground } from '../messaging';

const DEBOUNCE_MS = 200;
const LABEL = { account: 'Account', contact: 'Stakeholder' } as const;

type Phase = 'idle' | 'loading' | 'done' | 'error';

/**
 * A search box over the server's `/search`: debounced, with loading, empty and error states. ArrowUp and
 * ArrowDown move through the results (a combobox with a listbox); Enter shows the active one's details.
 */
export function QuickSearch({ onSignedOut }: { onSignedOut: () => void }) {
  const [q, setQ] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [items, setItems] = useState<SearchHit[]>([]);
  const [error, setError] = useState<RapportError | null>(null);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<SearchHit | null>(null);
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
      setChosen(null);
      setPhase('done');
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!items.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (e.key === 'ArrowDown' ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setChosen(items[active] ?? null);
    }
  };

  const message =
    phase === 'loading'
      ? 'Searching…'
      : phase === 'done' && !items.length
        ? `No account or stakeholder matches “${q.trim()}”.`
        : phase === 'done'
          ? `${items.length} ${items.length === 1 ? 'result' : 'results'}; use the arrow keys and Enter.`
          : '';
  return (
    <div class="search">
      <label for="quick-search">Search accounts and stakeholders</label>
      <input
        id="quick-search"
        type="text"
        enterKeyHint="search"
        value={q}
        ref={input}
        autocomplete="off"
        spellcheck={false}
        placeholder="Name, domain, email or LinkedIn"
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
        aria-label="Results"
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
              setChosen(hit);
            }}
          >
            <span class="hit-name">{hit.name}</span>
            <span class="tag">{LABEL[hit.type]}</span>
            <span class="hit-detail">{hit.detail}</span>
          </div>
        ))}
      </div>
      {chosen && <HitDetails hit={chosen} />}
    </div>
  );
}

/** The chosen result; an account also shows its status, tier and domains. */
function HitDetails({ hit }: { hit: SearchHit }) {
  const [account, setAccount] = useState<Account | null>(null);
  useEffect(() => {
    setAccount(null);
    if (hit.type !== 'account') return;
    void sendToBackground({ type: 'getAccount', id: hit.id }).then((res) => res.ok && setAccount(res.data));
  }, [hit]);
  return (
    <section class="details" aria-live="polite" aria-label="Details">
      <h2>{hit.name}</h2>
      <p class="muted">{LABEL[hit.type]}</p>
      {hit.detail && <p>{hit.detail}</p>}
      {account && (
        <p>
          {account.tier === 'key' ? 'Key account' : 'Standard account'} · {account.status.replace('_', ' ')}
          {account.domains.length > 0 && ` · ${account.domains.join(', ')}`}
        </p>
      )}
    </section>
  );
}
