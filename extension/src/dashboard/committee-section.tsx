import type { BuyingRole, Coverage, RoleCoverage } from '@rapport/shared';
import { isolate } from '@rapport/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { sendToBackground } from '../messaging';
import { formatDate, LABELS } from '../ui/format';
import { ErrorNotice, Loading } from './error-notice';
import { useLeaveGuard } from './leave-guard';
import { OrgChart, type OrgStakeholder } from './org-chart';
import { type EditorMode, StakeholderEditor } from './stakeholder-editor';
import type { Load } from './use-load';

export interface CommitteeSectionProps {
  accountId: string;
  coverage: Load<Coverage>;
  /** Whether the user may add and edit stakeholders (everyone but viewers: `policy.writeContact`). */
  mayEdit: boolean;
  /** A stakeholder was added or changed (signals may change with it). */
  onChanged: () => void;
}

type Notice = { text: string; tone: 'info' | 'error' };

/** Where the keyboard goes back to when the stakeholder form closes. */
type FocusTarget =
  | { kind: 'node'; contactId: string; card: boolean }
  | { kind: 'seat'; role: BuyingRole }
  | { kind: 'add' };

/** The open stakeholder form; `key` starts a fresh form when another person or seat is chosen. */
interface OpenEditor {
  key: number;
  mode: EditorMode;
  returnTo: FocusTarget;
}

/**
 * What the leave dialog says about a stakeholder form with unsaved changes: `what` when leaving the page,
 * `discard` when another form would replace it.
 * @example unsavedWords({ kind: 'edit', contactId: 'c1', name: 'Jane Doe' }).discard // 'Discard your changes to Jane Doe?'
 */
function unsavedWords(mode: EditorMode): { what: string; discard: string } {
  const words = m.dashboard.committee;
  return mode.kind === 'edit'
    ? { what: words.unsavedEdit(isolate(mode.name)), discard: words.discardEdit(isolate(mode.name)) }
    : { what: words.unsavedNew, discard: words.discardNew };
}

/**
 * The buying committee: the org chart of the account's stakeholders (reports-to changes by drag or form,
 * saved to the stakeholder with the version just read; "Edit" on a node and "Add" on an empty seat open the
 * stakeholder form) and a table of the buying roles, covered or not. While the form holds unsaved changes,
 * opening it for someone else, or leaving the page, asks first in the page's leave dialog.
 */
export function CommitteeSection({ accountId, coverage, mayEdit, onChanged }: CommitteeSectionProps) {
  const [moves, setMoves] = useState<Record<string, string | null>>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const [editor, setEditor] = useState<OpenEditor | null>(null);
  const [focusAfter, setFocusAfter] = useState<FocusTarget | null>(null);
  /** The key of the form that holds unsaved changes, if the open one does. */
  const [unsavedKey, setUnsavedKey] = useState<number | null>(null);
  const root = useRef<HTMLElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const data = coverage.state.data;
  const unsaved = mayEdit && editor !== null && unsavedKey === editor.key ? unsavedWords(editor.mode) : null;
  // Leaving the page (a link, Back, closing the tab) asks first too, as for the plan.
  const guard = useLeaveGuard(unsaved?.what ?? null);

  // After the form closes (and the chart is redrawn), the keyboard goes back where the form was opened from.
  useEffect(() => {
    if (!focusAfter) return;
    setFocusAfter(null);
    const section = root.current;
    let target: HTMLElement | null | undefined = null;
    if (focusAfter.kind === 'node') {
      const node = section?.querySelector(`li.rp-org-node[data-contact-id="${focusAfter.contactId}"]`);
      target = focusAfter.card
        ? node?.querySelector<HTMLElement>('.rp-org-card')
        : node?.querySelector<HTMLElement>('.rp-org-actions button');
    } else if (focusAfter.kind === 'seat') {
      target = section?.querySelector<HTMLElement>(`li.rp-org-seat[data-role="${focusAfter.role}"] button`);
    }
    (target ?? addButton.current)?.focus();
  }, [focusAfter]);

  const open = async (mode: EditorMode, returnTo: FocusTarget) => {
    // "Stay" keeps the form as it is; the dialog gives the keyboard back to the button that asked.
    if (unsaved && !(await guard.ask({ text: unsaved.discard, leave: m.dashboard.leave.discard }))) {
      return;
    }
    setNotice(null);
    setEditor((e) => ({ key: (e?.key ?? 0) + 1, mode, returnTo }));
  };
  const openEdit = (contactId: string) => {
    const name = data?.stakeholders.find((s) => s.contactId === contactId)?.name ?? '';
    // Enter on a focused node opens the form from the node itself; "Edit" from its button.
    const from = document.activeElement;
    const card =
      from instanceof HTMLElement &&
      from.classList.contains('rp-org-card') &&
      from.closest('li')?.getAttribute('data-contact-id') === contactId;
    void open({ kind: 'edit', contactId, name }, { kind: 'node', contactId, card });
  };
  const closeEditor = () => {
    if (!editor) return;
    setEditor(null);
    setFocusAfter(editor.returnTo);
  };

  // Changes being saved show at once; the server's answer replaces them.
  const people: OrgStakeholder[] = useMemo(
    () =>
      (data?.stakeholders ?? []).map((s) => ({
        ...s,
        reportsToId: s.contactId in moves ? (moves[s.contactId] ?? null) : s.reportsToId,
      })),
    [data, moves],
  );
  const words = m.dashboard.committee;
  const nameOf = (id: string | null) =>
    id === null ? words.nobody : (data?.stakeholders.find((s) => s.contactId === id)?.name ?? words.someone);

  const changeManager = async (contactId: string, managerId: string | null) => {
    const shown = data?.stakeholders.find((s) => s.contactId === contactId);
    if (!shown) return;
    const who = shown.name;
    setMoves((m) => ({ ...m, [contactId]: managerId }));
    setNotice({ text: words.saving(who, nameOf(managerId)), tone: 'info' });
    const done = async (next: Notice) => {
      await coverage.reload();
      setMoves((m) => {
        const { [contactId]: _, ...rest } = m;
        return rest;
      });
      setNotice(next);
    };

    // The stakeholder's current version, read just before the write (the chart's data has none).
    const list = await sendToBackground({ type: 'listContacts', accountId });
    if (!list.ok) return done({ text: words.notSaved(list.error.message), tone: 'error' });
    const contact = list.data.find((c) => c.id === contactId);
    if (!contact) {
      return done({ text: words.gone(who), tone: 'error' });
    }
    if ((contact.reportsToId ?? null) !== (shown.reportsToId ?? null)) {
      return done({ text: words.changedMeanwhile(who), tone: 'error' });
    }
    const res = await sendToBackground({
      type: 'updateContact',
      id: contactId,
      changes: { reportsToId: managerId, version: contact.version },
    });
    if (res.ok) {
      onChanged();
      return done({
        text: managerId === null ? words.savedTop(who) : words.savedReports(who, nameOf(managerId)),
        tone: 'info',
      });
    }
    if (res.error.code === 'conflict') {
      return done({ text: words.conflict(who), tone: 'error' });
    }
    return done({ text: words.notSaved(res.error.message), tone: 'error' });
  };

  return (
    <section
      ref={root}
      class="rp-dash-card rp-committee"
      aria-labelledby="rp-committee-h"
      aria-busy={coverage.state.status === 'loading'}
    >
      <div class="rp-committee-head">
        <h2 id="rp-committee-h">{words.heading}</h2>
        {mayEdit && data && (
          <button
            ref={addButton}
            type="button"
            class="rp-dash-button"
            onClick={() => void open({ kind: 'create', role: null }, { kind: 'add' })}
          >
            {words.add}
          </button>
        )}
      </div>
      {coverage.state.status === 'error' && (
        <ErrorNotice error={coverage.state.error} what={words.couldNotLoad} onRetry={coverage.reload} />
      )}
      {!data && coverage.state.status === 'loading' && <Loading>{words.loading}</Loading>}
      {data && (
        <>
          <p class="rp-dash-muted">{words.intro(data.windowDays)}</p>
          {mayEdit && editor && (
            <StakeholderEditor
              key={editor.key}
              accountId={accountId}
              mode={editor.mode}
              stakeholders={people}
              onCancel={closeEditor}
              onStale={() => void coverage.reload()}
              onUnsavedChange={(changed) =>
                setUnsavedKey((k) => (changed ? editor.key : k === editor.key ? null : k))
              }
              onDone={async ({ contact, saved, message }) => {
                if (saved) {
                  await coverage.reload();
                  onChanged();
                }
                // Another form opened meanwhile stays open.
                setEditor((e) => (e?.key === editor.key ? null : e));
                setNotice({ text: message, tone: 'info' });
                const card = editor.returnTo.kind === 'node' && editor.returnTo.card;
                if (contact) setFocusAfter({ kind: 'node', contactId: contact.id, card });
              }}
            />
          )}
          <OrgChart
            stakeholders={people}
            uncoveredRoles={emptySeats(data)}
            onEdit={mayEdit ? openEdit : undefined}
            onAddSeat={
              mayEdit ? (role) => void open({ kind: 'create', role }, { kind: 'seat', role }) : undefined
            }
            onReportsToChange={mayEdit ? (id, managerId) => void changeManager(id, managerId) : undefined}
          />
          <p
            class={notice?.tone === 'error' ? 'rp-dash-status rp-dash-status-error' : 'rp-dash-status'}
            role={notice?.tone === 'error' ? 'alert' : 'status'}
          >
            {notice?.text ?? ''}
          </p>
          <CoverageTable coverage={data} />
        </>
      )}
    </section>
  );
}

/**
 * The org chart's empty seats: the uncovered roles nobody holds. A role someone holds but nobody contacted
 * lately is uncovered too, but its seat is not empty: the coverage table says "Not contacted lately".
 */
export function emptySeats(coverage: Coverage): BuyingRole[] {
  return coverage.roles.filter((r) => !r.covered && r.holders.length === 0).map((r) => r.role);
}

function coverageWord(role: RoleCoverage): { text: string; tone: string } {
  const words = m.dashboard.committee;
  if (role.covered) return { text: words.covered, tone: 'covered' };
  if (role.holders.length > 0) return { text: words.stale, tone: 'stale' };
  return { text: words.open, tone: 'open' };
}

function CoverageTable({ coverage }: { coverage: Coverage }) {
  const words = m.dashboard.committee;
  return (
    <div class="rp-dash-table-wrap">
      <table class="rp-dash-table rp-coverage-table">
        <caption>{words.caption(coverage.coveredCount, coverage.roles.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{words.role}</th>
            <th scope="col">{words.coverage}</th>
            <th scope="col">{words.holders}</th>
            <th scope="col">{words.lastContacted}</th>
          </tr>
        </thead>
        <tbody>
          {coverage.roles.map((role) => {
            const word = coverageWord(role);
            const last = role.holders.find((h) => h.lastContactedAt)?.lastContactedAt ?? null;
            return (
              <tr key={role.role} data-role={role.role}>
                <th scope="row">{LABELS.role[role.role]}</th>
                <td>
                  <span class={`rp-coverage rp-coverage-${word.tone}`}>{word.text}</span>
                </td>
                <td>
                  {role.holders.length === 0
                    ? '—'
                    : role.holders
                        .map((h) => (h.stance ? `${isolate(h.name)} (${LABELS.stance[h.stance]})` : h.name))
                        .join(', ')}
                </td>
                <td>{last ? formatDate(last) : role.holders.length > 0 ? words.never : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
