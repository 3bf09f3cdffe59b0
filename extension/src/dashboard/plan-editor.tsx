import {
  ACTION_CATEGORIES,
  ACTION_STATUSES,
  type AccountPlan,
  OBJECTIVE_STATUSES,
  type ProductLine,
  type UserRef,
} from '@rapport/shared';
import type { JSX } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { fieldMessages, type RapportError, sendToBackground } from '../messaging';
import { formatAmount, formatDate, formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from './error-notice';
import { fieldErrors, type InvalidProps } from './field-errors';
import { PAGE_LABELS } from './labels';
import {
  type ActionRow,
  buildPlan,
  draftFrom,
  type FieldKey,
  fieldOf,
  newKey,
  type ObjectiveRow,
  type PlanDraft,
  rebase,
  type TargetRow,
  targetRows,
} from './plan-draft';

export interface PlanEditorProps {
  accountId: string;
  period: string;
  /** The plan as last read; its version goes with the save. */
  plan: AccountPlan;
  onSaved: (plan: AccountPlan) => void;
  /** Someone else's version was loaded after a conflict: the chart should show it. */
  onReloaded: (plan: AccountPlan) => void;
  onClose: () => void;
  /** Whether leaving now would lose something typed (the section asks before it does). */
  onUnsavedChange?: (unsaved: boolean) => void;
}

type Conflict = { stage: 'found' } | { stage: 'loaded'; mine: PlanDraft; theirs: AccountPlan };
type Removed =
  | { kind: 'objective'; index: number; row: ObjectiveRow }
  | { kind: 'action'; index: number; row: ActionRow };

/**
 * The account plan as a form: a target per product line, objectives with their status, and actions with
 * category, owner, due date and status. "Save plan" sends the whole plan with the version it was read at;
 * if someone saved in between, what was typed stays in the form and their version can be loaded beside it.
 */
export function PlanEditor({
  accountId,
  period,
  plan,
  onSaved,
  onReloaded,
  onClose,
  onUnsavedChange,
}: PlanEditorProps) {
  const uid = useId();
  const initial = useMemo(() => draftFrom(plan), [plan]);
  const [draft, setDraft] = useState<PlanDraft>(initial);
  const [errors, setErrors] = useState<Record<FieldKey, string>>({});
  const [formError, setFormError] = useState<RapportError | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  const [removed, setRemoved] = useState<Removed | null>(null);
  const [products, setProducts] = useState<ProductLine[] | null>(null);
  const [productsError, setProductsError] = useState<RapportError | null>(null);
  const [users, setUsers] = useState<UserRef[] | null>(null);
  const [focusAfter, setFocusAfter] = useState<{ id: string } | { invalid: true } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const id = (suffix: string) => `${uid}-${suffix}`;

  const loadProducts = async () => {
    setProductsError(null);
    const res = await sendToBackground({ type: 'listProducts' });
    if (res.ok) setProducts(res.data);
    else setProductsError(res.error);
  };
  useEffect(() => {
    void loadProducts();
    void sendToBackground({ type: 'listUsers' }).then((res) => setUsers(res.ok ? res.data : []));
  }, []);

  useEffect(() => {
    if (!focusAfter) return;
    const target =
      'id' in focusAfter
        ? document.getElementById(focusAfter.id)
        : form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  const rows = useMemo(() => targetRows(plan, products ?? []), [plan, products]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  // After "Load their version" the form matches what was loaded, but what was typed is still only here.
  const unsaved = dirty || conflict?.stage === 'loaded';
  const reportUnsaved = useRef(onUnsavedChange);
  reportUnsaved.current = onUnsavedChange;
  useEffect(() => {
    reportUnsaved.current?.(unsaved);
  }, [unsaved]);

  const patchObjective = (key: string, change: Partial<ObjectiveRow>) =>
    setDraft((d) => ({
      ...d,
      objectives: d.objectives.map((o) => (o.key === key ? { ...o, ...change } : o)),
    }));
  const patchAction = (key: string, change: Partial<ActionRow>) =>
    setDraft((d) => ({ ...d, actions: d.actions.map((a) => (a.key === key ? { ...a, ...change } : a)) }));
  const clearError = (key: FieldKey) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const { [key]: _, ...rest } = e;
      return rest;
    });

  const addObjective = () => {
    const key = newKey();
    setDraft((d) => ({ ...d, objectives: [...d.objectives, { key, text: '', status: 'open' }] }));
    setFocusAfter({ id: id(`objective-${key}-text`) });
  };
  const addAction = () => {
    const key = newKey();
    setDraft((d) => ({
      ...d,
      actions: [
        ...d.actions,
        { key, title: '', category: 'relationship', ownerId: '', dueDate: '', status: 'planned' },
      ],
    }));
    setFocusAfter({ id: id(`action-${key}-title`) });
  };
  const remove = (kind: Removed['kind'], key: string) => {
    if (kind === 'objective') {
      const index = draft.objectives.findIndex((o) => o.key === key);
      const row = draft.objectives[index];
      if (!row) return;
      setRemoved({ kind, index, row });
      setDraft((d) => ({ ...d, objectives: d.objectives.filter((o) => o.key !== key) }));
    } else {
      const index = draft.actions.findIndex((a) => a.key === key);
      const row = draft.actions[index];
      if (!row) return;
      setRemoved({ kind, index, row });
      setDraft((d) => ({ ...d, actions: d.actions.filter((a) => a.key !== key) }));
    }
    setFocusAfter({ id: id('undo-remove') });
  };
  const undoRemove = () => {
    if (!removed) return;
    setDraft((d) => {
      if (removed.kind === 'objective') {
        const objectives = [...d.objectives];
        objectives.splice(removed.index, 0, removed.row);
        return { ...d, objectives };
      }
      const actions = [...d.actions];
      actions.splice(removed.index, 0, removed.row);
      return { ...d, actions };
    });
    setFocusAfter({
      id: id(
        removed.kind === 'objective'
          ? `objective-${removed.row.key}-text`
          : `action-${removed.row.key}-title`,
      ),
    });
    setRemoved(null);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setFormError(null);
    const built = buildPlan(draft, rows);
    if (!built.ok) {
      setErrors(built.errors);
      setFocusAfter({ invalid: true });
      return;
    }
    setErrors({});
    setSaving(true);
    const res = await sendToBackground({ type: 'savePlan', accountId, period, plan: built.body });
    setSaving(false);
    if (res.ok) {
      onSaved(res.data);
      return;
    }
    if (res.error.code === 'conflict') {
      setConflict({ stage: 'found' });
      return;
    }
    if (res.error.code === 'validation') {
      const mapped: Record<FieldKey, string> = {};
      let unplaced = false;
      for (const [path, message] of Object.entries(fieldMessages(res.error))) {
        const key = fieldOf(path, built.sent);
        if (key) mapped[key] ??= message;
        else unplaced = true;
      }
      setErrors(mapped);
      if (unplaced || Object.keys(mapped).length === 0) setFormError(res.error);
      setFocusAfter({ invalid: true });
      return;
    }
    setFormError(res.error);
  };

  const loadTheirs = async () => {
    const res = await sendToBackground({ type: 'accountPlan', accountId, period });
    if (!res.ok) {
      setFormError(res.error);
      return;
    }
    setConflict({ stage: 'loaded', mine: draft, theirs: res.data });
    setDraft(draftFrom(res.data));
    setErrors({});
    onReloaded(res.data);
  };
  const putMineBack = () => {
    if (conflict?.stage !== 'loaded') return;
    setDraft(rebase(conflict.mine, conflict.theirs));
    setConflict(null);
  };

  const { invalid, message } = fieldErrors(errors, id);
  const errorCount = Object.keys(errors).length;
  const words = m.dashboard.editor;

  return (
    <form ref={form} class="rp-plan-editor" aria-label={words.label(period)} onSubmit={save} noValidate>
      {conflict?.stage === 'found' && (
        <div class="rp-dash-error rp-conflict" role="alert">
          <p>
            <strong>{words.conflict}</strong> {words.conflictKept}
          </p>
          <p class="rp-dash-error-actions">
            <button type="button" class="rp-dash-button rp-dash-primary" onClick={() => void loadTheirs()}>
              {words.loadTheirs}
            </button>
          </p>
        </div>
      )}
      {conflict?.stage === 'loaded' && (
        <div class="rp-dash-notice rp-conflict" role="status">
          <p>
            {words.theirsLoaded(conflict.theirs.updatedAt ? formatDateTime(conflict.theirs.updatedAt) : null)}
          </p>
          <MineSummary draft={conflict.mine} rows={rows} />
          <p class="rp-dash-error-actions">
            <button type="button" class="rp-dash-button" onClick={putMineBack}>
              {words.putBack}
            </button>
            <button type="button" class="rp-dash-button" onClick={() => setConflict(null)}>
              {words.forget}
            </button>
          </p>
        </div>
      )}
      {errorCount > 0 && (
        <p class="rp-dash-error" role="alert">
          {words.toFix(errorCount)}
        </p>
      )}
      {formError && <ErrorNotice error={formError} what={words.notSaved} />}

      <fieldset class="rp-editor-block">
        <legend>{words.targets(draft.currency)}</legend>
        <p class="rp-dash-muted">{words.targetsIntro(period, draft.currency)}</p>
        {productsError && (
          <ErrorNotice error={productsError} what={words.couldNotLoadProducts} onRetry={loadProducts} />
        )}
        {!products && !productsError && <Loading>{words.loadingProducts}</Loading>}
        {rows.length === 0 && products && <p class="rp-dash-empty">{words.noProducts}</p>}
        {rows.length > 0 && (
          <table class="rp-dash-table rp-target-table">
            <thead>
              <tr>
                <th scope="col">{words.productLine}</th>
                <th scope="col" class="rp-num">
                  {words.target(draft.currency)}
                </th>
                <th scope="col" class="rp-num">
                  {words.wonSoFar}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const key = `target:${row.productLineId}`;
                const line = plan.lines.find((l) => l.productLineId === row.productLineId);
                return (
                  <tr key={row.productLineId}>
                    <th scope="row">
                      <label for={id(key)}>
                        {row.name}
                        <span class="rp-visually-hidden">{words.lineTarget(draft.currency)}</span>
                      </label>
                    </th>
                    <td class="rp-num">
                      <input
                        id={id(key)}
                        class="rp-input rp-amount"
                        inputMode="decimal"
                        autoComplete="off"
                        value={draft.targets[row.productLineId] ?? ''}
                        {...invalid(key)}
                        onInput={(e) => {
                          const value = (e.currentTarget as HTMLInputElement).value;
                          setDraft((d) => ({ ...d, targets: { ...d.targets, [row.productLineId]: value } }));
                          clearError(key);
                        }}
                      />
                      {message(key)}
                    </td>
                    <td class="rp-num rp-dash-muted">{formatAmount(line?.actual ?? 0, plan.currency)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </fieldset>

      <fieldset class="rp-editor-block">
        <legend>{words.objectives}</legend>
        {draft.objectives.length === 0 && <p class="rp-dash-empty">{words.noObjectives}</p>}
        <ol class="rp-editor-rows">
          {draft.objectives.map((o, i) => {
            const textKey = `objective:${o.key}:text`;
            const statusKey = `objective:${o.key}:status`;
            return (
              <li key={o.key} class="rp-editor-row rp-objective-row">
                <div class="rp-dash-field rp-grow">
                  <label for={id(`objective-${o.key}-text`)}>{words.objective(i + 1)}</label>
                  <textarea
                    id={id(`objective-${o.key}-text`)}
                    class="rp-input"
                    rows={2}
                    value={o.text}
                    {...invalid(textKey)}
                    onInput={(e) => {
                      patchObjective(o.key, { text: (e.currentTarget as HTMLTextAreaElement).value });
                      clearError(textKey);
                    }}
                  />
                  {message(textKey)}
                </div>
                <div class="rp-dash-field">
                  <label for={id(`objective-${o.key}-status`)}>{words.status}</label>
                  <select
                    id={id(`objective-${o.key}-status`)}
                    value={o.status}
                    {...invalid(statusKey)}
                    onChange={(e) =>
                      patchObjective(o.key, {
                        status: (e.currentTarget as HTMLSelectElement).value as ObjectiveRow['status'],
                      })
                    }
                  >
                    {OBJECTIVE_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {PAGE_LABELS.objectiveStatus[s]}
                      </option>
                    ))}
                  </select>
                  {message(statusKey)}
                </div>
                <button
                  type="button"
                  class="rp-dash-button rp-remove"
                  aria-label={words.removeObjective(i + 1)}
                  onClick={() => remove('objective', o.key)}
                >
                  {words.remove}
                </button>
              </li>
            );
          })}
        </ol>
        <button type="button" class="rp-dash-button" onClick={addObjective}>
          {words.addObjective}
        </button>
      </fieldset>

      <fieldset class="rp-editor-block">
        <legend>{words.actions}</legend>
        {draft.actions.length === 0 && <p class="rp-dash-empty">{words.noActions}</p>}
        <ol class="rp-editor-rows">
          {draft.actions.map((a, i) => (
            <li key={a.key}>
              <ActionFields
                action={a}
                index={i}
                users={users}
                fieldId={(field) => id(`action-${a.key}-${field}`)}
                invalid={(field) => invalid(`action:${a.key}:${field}`)}
                message={(field) => message(`action:${a.key}:${field}`)}
                onChange={(change) => {
                  patchAction(a.key, change);
                  for (const field of Object.keys(change)) clearError(`action:${a.key}:${field}`);
                }}
                onRemove={() => remove('action', a.key)}
              />
            </li>
          ))}
        </ol>
        <button type="button" class="rp-dash-button" onClick={addAction}>
          {words.addAction}
        </button>
      </fieldset>

      {removed && (
        <p class="rp-dash-notice rp-undo" role="status">
          {removed.kind === 'objective'
            ? words.removedObjective(removed.row.text || words.untitled)
            : words.removedAction(removed.row.title || words.untitled)}{' '}
          <button id={id('undo-remove')} type="button" class="rp-dash-button" onClick={undoRemove}>
            {m.common.undo}
          </button>
        </p>
      )}

      <div class="rp-editor-actions">
        <button type="submit" class="rp-dash-button rp-dash-primary" disabled={saving}>
          {saving ? words.saving : words.save}
        </button>
        {confirmClose ? (
          <span class="rp-confirm">
            <span>{words.discardQuestion}</span>
            <button type="button" class="rp-dash-button" onClick={onClose}>
              {words.discard}
            </button>
            <button
              type="button"
              class="rp-dash-button"
              onClick={() => {
                setConfirmClose(false);
                setFocusAfter({ id: id('cancel') });
              }}
            >
              {words.keepEditing}
            </button>
          </span>
        ) : (
          <button
            id={id('cancel')}
            type="button"
            class="rp-dash-button"
            onClick={() => (unsaved ? setConfirmClose(true) : onClose())}
          >
            {m.common.cancel}
          </button>
        )}
        {dirty && !saving && <span class="rp-dash-muted">{words.unsaved}</span>}
      </div>
    </form>
  );
}

interface ActionFieldsProps {
  action: ActionRow;
  index: number;
  users: UserRef[] | null;
  fieldId: (field: string) => string;
  invalid: (field: string) => InvalidProps;
  message: (field: string) => JSX.Element | null;
  onChange: (change: Partial<ActionRow>) => void;
  onRemove: () => void;
}

function ActionFields({
  action: a,
  index,
  users,
  fieldId,
  invalid,
  message,
  onChange,
  onRemove,
}: ActionFieldsProps) {
  const known = users?.some((u) => u.id === a.ownerId) ?? false;
  const words = m.dashboard.editor;
  return (
    <fieldset class="rp-editor-row rp-action-row">
      <legend>{words.action(index + 1)}</legend>
      <div class="rp-dash-field rp-grow">
        <label for={fieldId('title')}>{words.title}</label>
        <input
          id={fieldId('title')}
          class="rp-input"
          value={a.title}
          {...invalid('title')}
          onInput={(e) => onChange({ title: (e.currentTarget as HTMLInputElement).value })}
        />
        {message('title')}
      </div>
      <div class="rp-dash-field">
        <label for={fieldId('category')}>{words.category}</label>
        <select
          id={fieldId('category')}
          value={a.category}
          {...invalid('category')}
          onChange={(e) =>
            onChange({ category: (e.currentTarget as HTMLSelectElement).value as ActionRow['category'] })
          }
        >
          {ACTION_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {PAGE_LABELS.category[c]}
            </option>
          ))}
        </select>
        {message('category')}
      </div>
      <div class="rp-dash-field">
        <label for={fieldId('ownerId')}>{words.owner}</label>
        <select
          id={fieldId('ownerId')}
          value={a.ownerId}
          {...invalid('ownerId')}
          onChange={(e) => onChange({ ownerId: (e.currentTarget as HTMLSelectElement).value })}
        >
          <option value="">{m.dashboard.nobodyYet}</option>
          {!users && a.ownerId === '' && (
            <option value="" disabled>
              {words.loadingColleagues}
            </option>
          )}
          {a.ownerId !== '' && !known && (
            <option value={a.ownerId}>{users ? words.formerColleague : words.loadingColleagues}</option>
          )}
          {(users ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        {message('ownerId')}
      </div>
      <div class="rp-dash-field">
        <label for={fieldId('dueDate')}>{words.dueDate}</label>
        <input
          id={fieldId('dueDate')}
          type="date"
          class="rp-input"
          value={a.dueDate}
          {...invalid('dueDate')}
          onInput={(e) => onChange({ dueDate: (e.currentTarget as HTMLInputElement).value })}
        />
        {message('dueDate')}
      </div>
      <div class="rp-dash-field">
        <label for={fieldId('status')}>{words.status}</label>
        <select
          id={fieldId('status')}
          value={a.status}
          {...invalid('status')}
          onChange={(e) =>
            onChange({ status: (e.currentTarget as HTMLSelectElement).value as ActionRow['status'] })
          }
        >
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {PAGE_LABELS.actionStatus[s]}
            </option>
          ))}
        </select>
        {message('status')}
      </div>
      <button
        type="button"
        class="rp-dash-button rp-remove"
        aria-label={words.removeAction(index + 1)}
        onClick={onRemove}
      >
        {words.remove}
      </button>
    </fieldset>
  );
}

/** What was typed before their version was loaded, read-only, so nothing typed is lost from sight. */
function MineSummary({ draft, rows }: { draft: PlanDraft; rows: readonly TargetRow[] }) {
  const targets = rows.filter((row) => (draft.targets[row.productLineId] ?? '').trim() !== '');
  const words = m.dashboard.editor;
  return (
    <div class="rp-mine">
      <p class="rp-mine-title">{words.mine}</p>
      <ul>
        {targets.map((row) => (
          <li key={row.productLineId}>
            {row.name}: {draft.targets[row.productLineId]} {draft.currency}
          </li>
        ))}
        {draft.objectives.map((o) => (
          <li key={o.key}>
            {words.mineObjective(o.text || words.untitled, PAGE_LABELS.objectiveStatus[o.status])}
          </li>
        ))}
        {draft.actions.map((a) => (
          <li key={a.key}>
            {words.mineAction(
              a.title || words.untitled,
              PAGE_LABELS.category[a.category],
              PAGE_LABELS.actionStatus[a.status],
              a.dueDate ? formatDate(a.dueDate) : null,
            )}
          </li>
        ))}
        {targets.length + draft.objectives.length + draft.actions.length === 0 && <li>{words.mineEmpty}</li>}
      </ul>
    </div>
  );
}
