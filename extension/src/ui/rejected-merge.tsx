import { useState } from 'preact/hooks';

import { m } from '../i18n';
import { type RapportError, sendToBackground } from '../messaging';
import type { RejectedWrite } from '../storage';
import { MergeChoice, MergeHead } from './field-merge';
import { fieldValueWord } from './format';
import { useContacts, useUsers } from './use-people';

/*
 * A change kept offline that the server refused with 409 once it was sent (issue 8): someone saved the same
 * record meanwhile. The queue keeps what the person typed; this table shows, for each field they changed and
 * that now differs, the value saved meanwhile and theirs, with "Use mine" / "Use theirs", and "Apply my
 * choices" sends the chosen values against the current version. Nothing typed is lost: until applied or
 * dismissed, the refused write stays in storage.
 */

/** The record as saved meanwhile, as a 409's details carry it. */
type Current = Record<string, unknown> & { id: string; version: number };

type Kind = 'updateContact' | 'updateAccount';

/**
 * The 409 of a queued change this table can merge: its kind, the saved record and the person's values; null
 * for any other refusal (a deleted record has no `current`).
 * @example mergeable(rejected)?.current.version // 3
 */
export function mergeable(
  r: RejectedWrite,
): { kind: Kind; current: Current; mine: Record<string, unknown> } | null {
  const { write } = r;
  if (write.type !== 'updateContact' && write.type !== 'updateAccount') return null;
  if (r.code !== 'conflict' || write.method !== 'PATCH') return null;
  const current = (r.details as { current?: unknown } | undefined)?.current;
  if (!current || typeof current !== 'object') return null;
  const c = current as Partial<Current>;
  if (typeof c.id !== 'string' || typeof c.version !== 'number') return null;
  if (!write.body || typeof write.body !== 'object') return null;
  const { version: _stale, ...mine } = write.body as Record<string, unknown>;
  return { kind: write.type, current: c as Current, mine };
}

const same = (a: unknown, b: unknown) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));
/** Lists compare in any order; text as saving sends it. */
function norm(v: unknown): unknown {
  if (Array.isArray(v)) return [...v].map(String).sort();
  if (typeof v === 'string') return v.trim();
  return v ?? null;
}

/**
 * The fields the person changed that now differ from what is saved, in the order they were sent.
 * @example conflictingFields({ id, version: 2, title: 'CEO', notes: 'Met' }, { title: 'CFO', notes: 'Met' }) // ['title']
 */
export function conflictingFields(current: Current, mine: Record<string, unknown>): string[] {
  return Object.keys(mine).filter((field) => !same(current[field], mine[field]));
}

function label(field: string): string {
  const labels: Record<string, string> = {
    name: m.common.fields.name,
    title: m.common.fields.title,
    notes: m.common.fields.notes,
    roles: m.common.fields.buyingRoles,
    stance: m.common.fields.stance,
    influence: m.common.fields.influence,
    emails: m.common.fields.email,
    reportsToId: m.common.stakeholder.reportsTo,
    relationshipOwnerId: m.common.stakeholder.relationshipOwner,
    accountId: m.common.fields.account,
  };
  return labels[field] ?? field;
}

/** A value in the person's words: labels for enumerations, names for people. */
function words(field: string, value: unknown, nameOf: (id: string) => string): string {
  if (value === null || value === undefined) {
    return field.endsWith('Id') ? m.common.fields.nobody : m.common.fields.notKnown;
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return m.common.merge.none;
  const shown = items.map((v) => {
    const text = String(v);
    if (field.endsWith('Id')) return nameOf(text);
    return fieldValueWord(field, text);
  });
  const joined = shown.join(', ').trim();
  return joined || m.common.merge.empty;
}

export interface RejectedMergeProps {
  rejected: RejectedWrite;
}

/**
 * The field-by-field table of a refused queued change, with "Apply my choices"; renders nothing for a refusal
 * it cannot merge (the list then shows the reason and what was typed).
 * @example <RejectedMerge rejected={r} />
 */
export function RejectedMerge({ rejected }: RejectedMergeProps) {
  const found = mergeable(rejected);
  const [current, setCurrent] = useState<Current | null>(found?.current ?? null);
  // Per field: true keeps the person's value, false the one saved meanwhile; the person's until they choose.
  const [useMine, setUseMine] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RapportError | null>(null);
  const accountId = typeof current?.accountId === 'string' ? current.accountId : null;
  const contacts = useContacts(found?.kind === 'updateContact' ? accountId : null, null);
  const users = useUsers([]);
  if (!found || !current) return null;
  const { kind, mine } = found;
  const fields = conflictingFields(current, mine);
  const nameOf = (id: string) =>
    [...contacts, ...users].find((p) => p.id === id)?.name ?? m.common.stakeholder.notSet;
  const keeps = (field: string) => useMine[field] ?? true;

  const apply = async () => {
    setBusy(true);
    setError(null);
    const changes: Record<string, unknown> = { version: current.version };
    for (const field of fields) if (keeps(field)) changes[field] = mine[field];
    const subject = rejected.write.subject;
    const res =
      kind === 'updateContact'
        ? await sendToBackground({
            type: 'updateContact',
            id: current.id,
            changes: changes as never,
            subject,
          })
        : await sendToBackground({
            type: 'updateAccount',
            id: current.id,
            changes: changes as never,
            subject,
          });
    setBusy(false);
    const again = !res.ok && (res.error.details as { current?: Current } | undefined)?.current;
    if (again) {
      // Saved once more meanwhile: the table now compares with that, the choices kept.
      setCurrent(again);
      setError(res.error);
      return;
    }
    if (!res.ok && res.error.code !== 'pending') {
      setError(res.error);
      return;
    }
    // Applied, or kept on this device to be sent: the refusal is settled either way.
    await sendToBackground({ type: 'dismissRejected', id: rejected.write.id, applied: true });
  };

  if (fields.length === 0) {
    return <p class="rp-muted">{m.common.pending.alreadySaved}</p>;
  }
  return (
    <div class="rp-merge-queued" data-testid="rapport-rejected-merge">
      <p class="rp-muted">{m.common.pending.compare}</p>
      {error && (
        <p class="rp-error" role="alert">
          {error.message}
        </p>
      )}
      <div class="rp-merge-frame">
        <table class="rp-merge">
          <MergeHead />
          <tbody>
            {fields.map((field) => {
              const name = label(field);
              const mineKept = keeps(field);
              return (
                <tr key={field} data-field={field} data-keeps={mineKept ? 'mine' : 'theirs'}>
                  <th scope="row">{name}</th>
                  <td class={mineKept ? undefined : 'rp-strong'}>{words(field, current[field], nameOf)}</td>
                  <td class={mineKept ? 'rp-strong' : undefined}>{words(field, mine[field], nameOf)}</td>
                  <MergeChoice
                    name={name}
                    usingMine={mineKept}
                    onToggle={() => setUseMine((u) => ({ ...u, [field]: !mineKept }))}
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="button" class="rp-button" disabled={busy} aria-busy={busy} onClick={() => void apply()}>
        {busy ? m.common.pending.sending : m.common.pending.applyChoices}
      </button>
    </div>
  );
}
