import { useEffect, useState } from 'preact/hooks';

import { m } from '../i18n';
import { sendToBackground } from '../messaging';
import {
  type PendingWrite,
  pendingWrites,
  type QueuedWriteType,
  type RejectedWrite,
  rejectedWrites,
} from '../storage';
import { fieldValueWord } from './format';
import { mergeable, RejectedMerge } from './rejected-merge';

/*
 * The offline write queue as the person sees it (issue 8): "2 changes waiting to be sent", "Retry now", each
 * waiting write with "Discard" (and "Undo"), and each write the server refused with its reason and what the
 * person typed; a change refused because someone saved the record meanwhile (409) shows both field by field,
 * to re-apply the person's values (rejected-merge.tsx). It reads the queue from storage and follows its changes; the background does the sending.
 */

/** The writes waiting and refused, kept up to date from storage. */
export function usePendingWrites(): { pending: PendingWrite[]; rejected: RejectedWrite[] } {
  const [pending, setPending] = useState<PendingWrite[]>([]);
  const [rejected, setRejected] = useState<RejectedWrite[]>([]);
  useEffect(() => {
    let live = true;
    void pendingWrites.getValue().then((v) => live && setPending(v));
    void rejectedWrites.getValue().then((v) => live && setRejected(v));
    const unwatch = [
      pendingWrites.watch((v) => setPending(v ?? [])),
      rejectedWrites.watch((v) => setRejected(v ?? [])),
    ];
    return () => {
      live = false;
      for (const stop of unwatch) stop();
    };
  }, []);
  return { pending, rejected };
}

/**
 * What a write is, in the person's words, e.g. "Add stakeholder Jane Doe".
 * @example describeWrite({ type: 'createContact', subject: 'Jane Doe' })
 */
export function describeWrite(write: { type: QueuedWriteType; subject: string }): string {
  return m.common.pending.what[write.type](write.subject);
}

/** The values a write carried (what the person typed; never lost), without ids and versions. */
function typedValues(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'version' || key.endsWith('Id') || value === null || value === undefined) continue;
    const items = Array.isArray(value) ? value : [value];
    const shown = items
      .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      .map((v) => fieldValueWord(key, String(v)))
      .join(', ');
    if (shown) out.push(shown);
  }
  return out;
}

/** The pending count and list; renders nothing while nothing waits and nothing was refused. */
export function PendingWrites() {
  const { pending, rejected } = usePendingWrites();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [discarded, setDiscarded] = useState<PendingWrite | null>(null);

  if (pending.length === 0 && rejected.length === 0 && !discarded) return null;

  const retry = async () => {
    setBusy(true);
    setNote(null);
    const res = await sendToBackground({ type: 'retryPending' });
    setBusy(false);
    if (!res.ok) setNote(res.error.message);
    else if (res.data.left > 0) setNote(m.common.pending.stillWaiting(res.data.left));
  };

  const discard = async (write: PendingWrite) => {
    const res = await sendToBackground({ type: 'discardPending', id: write.id });
    if (res.ok && res.data) setDiscarded(res.data);
  };

  const undo = async () => {
    if (!discarded) return;
    await sendToBackground({ type: 'restorePending', write: discarded });
    setDiscarded(null);
  };

  return (
    <div class="rp-pending" data-testid="rapport-pending">
      {pending.length > 0 && (
        <div class="rp-notice" role="status" aria-live="polite">
          <p class="rp-strong" data-testid="rapport-pending-count">
            {m.common.pending.count(pending.length)}
          </p>
          {note && <p class="rp-muted">{note}</p>}
          <p class="rp-pending-actions">
            <button
              type="button"
              class="rp-button"
              disabled={busy}
              aria-busy={busy}
              onClick={() => void retry()}
            >
              {busy ? m.common.pending.sending : m.common.pending.retryNow}
            </button>
            <button type="button" class="rp-link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? m.common.pending.hide : m.common.pending.show}
            </button>
          </p>
          {open && (
            <ul class="rp-pending-list">
              {pending.map((write) => (
                <li key={write.id}>
                  <span>{describeWrite(write)}</span>{' '}
                  <button type="button" class="rp-link-button" onClick={() => void discard(write)}>
                    {m.common.pending.discard}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {discarded && (
        <div class="rp-notice" role="status">
          <p>
            {m.common.pending.discarded(describeWrite(discarded))}{' '}
            <button type="button" class="rp-link-button" onClick={() => void undo()}>
              {m.common.undo}
            </button>
          </p>
        </div>
      )}
      {rejected.map((r) => (
        <div key={r.write.id} class="rp-notice rp-notice-error" role="alert">
          <p class="rp-strong">{m.common.pending.notSent(describeWrite(r.write))}</p>
          <p>{r.message}</p>
          {mergeable(r) ? (
            <RejectedMerge rejected={r} />
          ) : (
            typedValues(r.write.body).length > 0 && (
              <>
                <p class="rp-muted">{m.common.pending.youEntered}</p>
                <ul class="rp-pending-list">
                  {typedValues(r.write.body).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            )
          )}
          <button
            type="button"
            class="rp-button"
            onClick={() => void sendToBackground({ type: 'dismissRejected', id: r.write.id })}
          >
            {m.common.pending.dismiss}
          </button>
        </div>
      ))}
    </div>
  );
}
