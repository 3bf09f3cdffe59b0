import {
  isolate,
  type Page,
  type StakeholderNode,
  type TimelineEntry,
  type Touch,
  type UserRef,
} from '@rapport/shared';
import { useEffect, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { type RapportError, sendToBackground } from '../messaging';
import { externalPageUrl } from '../pages/links';
import { formatDateTime, LABELS } from '../ui/format';
import { ErrorNotice, Loading } from './error-notice';
import { PAGE_LABELS } from './labels';
import { LogTouchForm } from './log-touch-form';
import { canDeleteTouch } from './permissions';
import { useLoad } from './use-load';

/** How long a deleted touch can be taken back before it is deleted on the server. */
export const UNDO_MS = 8000;

export interface TimelineSectionProps {
  accountId: string;
  user: UserRef;
  /** The account's stakeholders, to say who took part in a call, meeting or note. */
  stakeholders: readonly StakeholderNode[];
  /** Whether the user may log touches (everyone but viewers). */
  mayLog: boolean;
  undoMs?: number;
  /** A touch was logged or deleted: "last contacted", coverage and signals may have changed. */
  onChanged: () => void;
}

interface Pending {
  touch: Touch;
  timer: number;
}

/**
 * The account's timeline, newest first: touches (emails, calls, meetings, notes) and opportunity stage
 * changes, a page at a time ("Show older"). Beside it a form to log a call, meeting or note. A touch the user
 * logged can be deleted: it disappears at once, and is deleted on the server only when "Undo" was not used
 * in time.
 */
export function TimelineSection(props: TimelineSectionProps) {
  const { accountId, user, stakeholders, mayLog, undoMs = UNDO_MS, onChanged } = props;
  const first = useLoad(() => sendToBackground({ type: 'timeline', accountId }), [accountId]);
  const [older, setOlder] = useState<Page<TimelineEntry> | null>(null);
  const [olderState, setOlderState] = useState<{ loading: boolean; error: RapportError | null }>({
    loading: false,
    error: null,
  });
  const [pending, setPending] = useState<Pending | null>(null);
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ text: string; error?: RapportError } | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const pendingRef = useRef<Pending | null>(null);
  pendingRef.current = pending;
  const words = m.dashboard.timeline;

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const commit = async (touch: Touch) => {
    const res = await sendToBackground({ type: 'deleteTouch', id: touch.id, version: touch.version });
    if (res.ok) {
      setDeleted((d) => new Set(d).add(touch.id));
      onChanged();
    } else {
      setNotice({ text: words.notDeleted(touchName(touch)), error: res.error });
    }
    setPending((p) => (p?.touch.id === touch.id ? null : p));
  };

  // Leaving the page (another account, My accounts) deletes what is waiting: the person chose it.
  useEffect(
    () => () => {
      const waiting = pendingRef.current;
      if (!waiting) return;
      window.clearTimeout(waiting.timer);
      void sendToBackground({ type: 'deleteTouch', id: waiting.touch.id, version: waiting.touch.version });
    },
    [],
  );

  const startDelete = (touch: Touch) => {
    const waiting = pendingRef.current;
    if (waiting) {
      window.clearTimeout(waiting.timer);
      void commit(waiting.touch);
    }
    const timer = window.setTimeout(() => void commit(touch), undoMs);
    setPending({ touch, timer });
    setNotice(null);
    setFocusId('rp-undo-delete');
  };
  const undo = () => {
    if (!pending) return;
    window.clearTimeout(pending.timer);
    const touch = pending.touch;
    setPending(null);
    setNotice({ text: words.kept(touchName(touch)) });
    setFocusId(`rp-delete-${touch.id}`);
  };

  const showOlder = async () => {
    const cursor = older ? older.nextCursor : (first.state.data?.nextCursor ?? null);
    if (!cursor) return;
    setOlderState({ loading: true, error: null });
    const res = await sendToBackground({ type: 'timeline', accountId, cursor });
    if (!res.ok) {
      setOlderState({ loading: false, error: res.error });
      return;
    }
    setOlder((o) => ({ items: [...(o?.items ?? []), ...res.data.items], nextCursor: res.data.nextCursor }));
    setOlderState({ loading: false, error: null });
    const firstNew = res.data.items[0];
    if (firstNew) setFocusId(entryId(firstNew));
  };

  const logged = (touch: Touch, created: boolean) => {
    setOlder(null);
    void first.reload();
    onChanged();
    setNotice({
      text: created ? words.logged(touchName(touch)) : words.alreadyLogged(touchName(touch)),
    });
  };

  const data = first.state.data;
  const entries = [...(data?.items ?? []), ...(older?.items ?? [])].filter(
    (e) => e.type !== 'touch' || (!deleted.has(e.touch.id) && e.touch.id !== pending?.touch.id),
  );
  const nextCursor = older ? older.nextCursor : (data?.nextCursor ?? null);

  return (
    <section class="rp-dash-card rp-timeline" aria-labelledby="rp-timeline-h">
      <h2 id="rp-timeline-h">{words.heading}</h2>
      <div class="rp-timeline-layout">
        <div class="rp-timeline-main" aria-busy={first.state.status === 'loading'}>
          {first.state.status === 'error' && (
            <ErrorNotice error={first.state.error} what={words.couldNotLoad} onRetry={first.reload} />
          )}
          {!data && first.state.status === 'loading' && <Loading>{words.loading}</Loading>}
          {pending && (
            <p class="rp-dash-notice rp-undo" role="status">
              {words.deleted(touchName(pending.touch))}{' '}
              <button id="rp-undo-delete" type="button" class="rp-dash-button" onClick={undo}>
                {m.common.undo}
              </button>
            </p>
          )}
          {notice?.error && <ErrorNotice error={notice.error} what={notice.text} />}
          <p class="rp-dash-status" role="status">
            {notice && !notice.error ? notice.text : ''}
          </p>
          {data && entries.length === 0 && <p class="rp-dash-empty">{words.empty}</p>}
          {entries.length > 0 && (
            <ol class="rp-timeline-list" aria-label={words.list}>
              {entries.map((entry) =>
                entry.type === 'touch' ? (
                  <TouchItem
                    key={entryId(entry)}
                    entry={entry}
                    mayDelete={canDeleteTouch(user, entry.touch.user)}
                    onDelete={() => startDelete(entry.touch)}
                  />
                ) : (
                  <StageItem key={entryId(entry)} entry={entry} />
                ),
              )}
            </ol>
          )}
          {olderState.error && (
            <ErrorNotice
              error={olderState.error}
              what={words.couldNotLoadOlder}
              onRetry={() => void showOlder()}
            />
          )}
          {nextCursor && (
            <button
              type="button"
              class="rp-dash-button rp-show-older"
              disabled={olderState.loading}
              onClick={() => void showOlder()}
            >
              {olderState.loading ? words.loadingOlder : words.showOlder}
            </button>
          )}
        </div>
        {mayLog ? (
          <LogTouchForm accountId={accountId} stakeholders={stakeholders} onLogged={logged} />
        ) : (
          <p class="rp-dash-muted">{words.viewers}</p>
        )}
      </div>
    </section>
  );
}

function entryId(entry: TimelineEntry): string {
  return entry.type === 'touch' ? `rp-entry-touch-${entry.touch.id}` : `rp-entry-stage-${entry.id}`;
}

/** How a touch is named in messages: its kind and subject. */
export function touchName(touch: Touch): string {
  const kind = PAGE_LABELS.touchKind[touch.kind];
  return touch.subject ? `${kind}: ${touch.subject}` : kind;
}

function TouchItem(props: {
  entry: Extract<TimelineEntry, { type: 'touch' }>;
  mayDelete: boolean;
  onDelete: () => void;
}) {
  const { entry, mayDelete, onDelete } = props;
  const t = entry.touch;
  const link = t.link ? externalPageUrl(t.link) : null;
  const words = m.dashboard.timeline;
  return (
    <li id={entryId(entry)} tabIndex={-1} class={`rp-entry rp-entry-${t.kind}`}>
      <p class="rp-entry-head">
        <span class={`rp-kind rp-kind-${t.kind}`}>{PAGE_LABELS.touchKind[t.kind]}</span>{' '}
        <strong class="rp-entry-title">
          {t.subject || <span class="rp-dash-muted">{words.noSubject}</span>}
        </strong>
      </p>
      <p class="rp-dash-muted rp-entry-meta">
        <time dateTime={t.occurredAt}>{formatDateTime(t.occurredAt)}</time>
        {t.contacts.length > 0 && words.with(m.dashboard.list(t.contacts.map((c) => isolate(c.name))))}
        {words.loggedBy(t.user ? isolate(t.user.name) : words.someoneGone)}
      </p>
      {t.notes && <p class="rp-entry-notes">{t.notes}</p>}
      {(link || mayDelete) && (
        <p class="rp-entry-actions">
          {link && (
            <a href={link} target="_blank" rel="noopener noreferrer">
              {t.kind === 'email' ? words.openEmail : words.openLink}
              <span class="rp-visually-hidden">{m.dashboard.newTab}</span>
            </a>
          )}
          {mayDelete && (
            <button
              id={`rp-delete-${t.id}`}
              type="button"
              class="rp-dash-button"
              aria-label={words.deleteLabel(touchName(t))}
              onClick={onDelete}
            >
              {words.delete}
            </button>
          )}
        </p>
      )}
    </li>
  );
}

function StageItem({ entry }: { entry: Extract<TimelineEntry, { type: 'stage_change' }> }) {
  const deal = entry.opportunity;
  const words = m.dashboard.timeline;
  const change =
    entry.from === null
      ? words.created(LABELS.stage[entry.to])
      : `${LABELS.stage[entry.from]} → ${LABELS.stage[entry.to]}`;
  return (
    <li id={entryId(entry)} tabIndex={-1} class={`rp-entry rp-entry-stage rp-entry-stage-${entry.to}`}>
      <p class="rp-entry-head">
        <span class="rp-kind rp-kind-deal">{words.opportunity}</span>{' '}
        <strong class="rp-entry-title">{deal.title}</strong>{' '}
        <span class="rp-dash-muted">({LABELS.type[deal.type]})</span>: {change}
      </p>
      <p class="rp-dash-muted rp-entry-meta">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
        {entry.user && words.by(isolate(entry.user.name))}
      </p>
      {entry.reason && <p class="rp-entry-notes">{words.reason(entry.reason)}</p>}
    </li>
  );
}
