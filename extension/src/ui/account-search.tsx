import type { SearchHit } from '@rapport/shared';
import { useEffect, useId, useState } from 'preact/hooks';

import { m } from '../i18n';
import { sendToBackground } from '../messaging';
import type { AccountOption } from '../overlay/linkedin-model';

const DEBOUNCE_MS = 200;

/** "Find another account": a combobox over `/search` for accounts. */
export function AccountSearch({ onPick }: { onPick: (account: AccountOption) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [message, setMessage] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setHits([]);
      setMessage('');
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      const res = await sendToBackground({ type: 'search', q: query, kind: 'account', limit: 8 });
      if (!live) return; // a newer query has been typed since
      const items = res.ok ? res.data.items.filter((h) => h.type === 'account') : [];
      setHits(items);
      setActive(0);
      setMessage(
        !res.ok ? res.error.message : items.length ? '' : m.common.accountPicker.noSearchMatch(query),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onPick({ id: hit.id, name: hit.name, detail: hit.detail, match: 'search' });
    setQ('');
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && q) {
      e.preventDefault();
      setQ('');
    } else if (!hits.length) {
      if (e.key === 'Enter') e.preventDefault(); // never submit the form from the search box
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (e.key === 'ArrowDown' ? Math.min(i + 1, hits.length - 1) : Math.max(i - 1, 0)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(hits[active]);
    }
  };

  return (
    <div class="rp-search">
      <label class="rp-field">
        <span>{m.common.accountPicker.find}</span>
        <input
          type="text"
          value={q}
          autocomplete="off"
          spellcheck={false}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={hits.length > 0}
          aria-controls={`${id}-list`}
          aria-activedescendant={hits.length ? `${id}-${active}` : undefined}
          onInput={(e) => setQ(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
      </label>
      {message && (
        <p class="rp-muted" role="status">
          {message}
        </p>
      )}
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label={m.common.accountPicker.options}
        class="rp-options"
        hidden={!hits.length}
      >
        {hits.map((hit, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works through the combobox input (aria-activedescendant)
          <div
            key={hit.id}
            id={`${id}-${i}`}
            role="option"
            tabIndex={-1}
            aria-selected={i === active}
            class={i === active ? 'rp-option rp-option-active' : 'rp-option'}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(hit)}
          >
            <span class="rp-strong">{hit.name}</span>
            {hit.detail && <span class="rp-muted"> · {hit.detail}</span>}
          </div>
        ))}
      </div>
    </div>
  );
}
