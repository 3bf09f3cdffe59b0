import type { BuyingRole, Contact, UpdateContactRequest } from '@rapport/shared';
import { isolate } from '@rapport/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { fieldMessages, type NewContact, type RapportError, sendToBackground } from '../messaging';
import { changesFromTag, draftFromContact, type TagDraft } from '../overlay/tag-draft';
import { FormActions } from '../ui/form-actions';
import { LABELS } from '../ui/format';
import { InfluenceSelect, RoleChecks, StanceSelect } from '../ui/stakeholder-fields';
import { ErrorNotice, Loading } from './error-notice';
import { fieldErrors } from './field-errors';
import { type ManagerOption, ReportsToSelect } from './reports-to-select';

/** Edit a stakeholder of the account, or add one (with a buying role already ticked, from an empty seat). */
export type EditorMode =
  | { kind: 'edit'; contactId: string; name: string }
  | { kind: 'create'; role: BuyingRole | null };

export interface StakeholderEditorProps {
  accountId: string;
  mode: EditorMode;
  /** The account's stakeholders with their reports-to links: the managers offered, never one making a loop. */
  stakeholders: readonly ManagerOption[];
  /**
   * Saved, or nothing to save (`saved: false`): `message` is what the page announces, e.g. "Saved: Jane
   * Doe’s stance." (in the current language). The form shows "Saving…" until the promise settles. A write
   * kept on this device to be sent later (issue 8) is not saved yet: `saved: false`, and the message says
   * so; `contact` is null for a stakeholder not created yet.
   */
  onDone: (result: { contact: Contact | null; saved: boolean; message: string }) => Promise<void>;
  onCancel: () => void;
  /** The chart no longer matches the server (someone else changed or removed this person): reload it. */
  onStale: () => void;
  /**
   * Whether closing the form now would lose something typed: it differs from what it loaded (or from its
   * empty start), or the user's changes are kept aside after a conflict. The section asks before it does.
   */
  onUnsavedChange?: (unsaved: boolean) => void;
}

/**
 * The fields the form edits; relationship owner and notes pass through unchanged. Their words are the
 * catalog's `stakeholder.fields` (labels) and `stakeholder.fieldWords` (in a sentence).
 */
type Field = 'name' | 'title' | 'roles' | 'stance' | 'influence' | 'reportsToId';
const FIELDS: readonly Field[] = ['name', 'title', 'roles', 'stance', 'influence', 'reportsToId'];

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; error: RapportError }
  | { status: 'gone' }
  | { status: 'ready'; base: Contact | null };

/** After a 409: first the server's message, then (once loaded) the current values with the user's changes kept aside. */
type Conflict =
  | { stage: 'found'; message: string }
  | { stage: 'loaded'; mine: TagDraft; changed: readonly Field[]; theirs: Contact };

function emptyDraft(accountId: string, role: BuyingRole | null): TagDraft {
  return {
    accountId,
    name: '',
    title: '',
    roles: role ? [role] : [],
    stance: null,
    influence: null,
    reportsToId: null,
    relationshipOwnerId: null,
    notes: '',
  };
}

/** Whether `draft` holds a change to `start` that saving would send (text trimmed, roles in any order). */
function differs(start: TagDraft, draft: TagDraft): boolean {
  const sent = (d: TagDraft) =>
    JSON.stringify([
      d.name.trim(),
      d.title.trim(),
      [...d.roles].sort(),
      d.stance,
      d.influence,
      d.reportsToId,
    ]);
  return sent(start) !== sent(draft);
}

/**
 * The current values with the user's changes to `fields` applied: what "Put back my changes" fills in, so a
 * field only someone else changed keeps their value.
 */
function mineOnTheirs(mine: TagDraft, fields: readonly Field[], theirs: Contact): TagDraft {
  const next = draftFromContact(theirs);
  for (const field of fields) {
    if (field === 'name' || field === 'title') next[field] = mine[field];
    else if (field === 'roles') next.roles = [...mine.roles];
    else if (field === 'stance') next.stance = mine.stance;
    else if (field === 'influence') next.influence = mine.influence;
    else next.reportsToId = mine.reportsToId;
  }
  return next;
}

/** `draft` with one field taken from `from` (the user's value or the one saved meanwhile). */
function withField(draft: TagDraft, from: TagDraft, field: Field): TagDraft {
  return field === 'roles' ? { ...draft, roles: [...from.roles] } : { ...draft, [field]: from[field] };
}

/** Whether two drafts hold the same value for a field, as saving would send it. */
function sameField(a: TagDraft, b: TagDraft, field: Field): boolean {
  const sent = (d: TagDraft) =>
    field === 'roles'
      ? [...d.roles].sort().join(',')
      : field === 'name' || field === 'title'
        ? d[field].trim()
        : String(d[field]);
  return sent(a) === sent(b);
}

/** The fields of `changes` (an update request) the form edits, in the form's order. */
function changedFields(changes: UpdateContactRequest): Field[] {
  return FIELDS.filter((field) => field in changes);
}

/**
 * A field's value in words, for the summary of what was typed but not saved.
 * @example valueWords(draft, 'roles', nameOf) // 'Economic buyer, Legal'
 */
function valueWords(draft: TagDraft, field: Field, nameOf: (id: string | null) => string): string {
  const words = m.dashboard.stakeholder;
  switch (field) {
    case 'name':
      return draft.name.trim() || words.empty;
    case 'title':
      return draft.title.trim() || words.none;
    case 'roles':
      return draft.roles.map((r) => LABELS.role[r]).join(', ') || words.none;
    case 'stance':
      return draft.stance ? LABELS.stance[draft.stance] : words.notKnown;
    case 'influence':
      return draft.influence ? LABELS.influence[draft.influence] : words.notKnown;
    case 'reportsToId':
      return nameOf(draft.reportsToId);
  }
}

/** A 409 that names the stored record (`details.current`): someone saved in between. */
function currentOf(error: RapportError): Contact | null {
  const current = (error.details as { current?: unknown } | undefined)?.current;
  return current && typeof current === 'object' && 'version' in current ? (current as Contact) : null;
}

/**
 * The account page's stakeholder form: name, title, buying roles, stance, influence and reports-to (only
 * managers that keep the chart loop-free). Editing reads the stakeholder first and saves only the fields
 * changed, with the version read; if someone saved in between, what was typed stays and the current values
 * can be loaded beside it. Escape or Cancel closes without saving.
 * @example
 * <StakeholderEditor accountId={id} mode={{ kind: 'create', role: 'legal' }} stakeholders={people}
 *   onDone={saved} onCancel={close} onStale={coverage.reload} />
 */
export function StakeholderEditor({
  accountId,
  mode,
  stakeholders,
  onDone,
  onCancel,
  onStale,
  onUnsavedChange,
}: StakeholderEditorProps) {
  const uid = useId();
  const id = (suffix: string) => `${uid}-${suffix}`;
  const editing = mode.kind === 'edit' ? mode : null;
  const [loaded, setLoaded] = useState<Loaded>(
    editing ? { status: 'loading' } : { status: 'ready', base: null },
  );
  const [draft, setDraft] = useState<TagDraft>(() =>
    emptyDraft(accountId, mode.kind === 'create' ? mode.role : null),
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<RapportError | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const [focusAfter, setFocusAfter] = useState<'first' | 'invalid' | 'alert' | null>(
    editing ? null : 'first',
  );
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const base = loaded.status === 'ready' ? loaded.base : null;
  const start = useMemo(
    () => (base ? draftFromContact(base) : emptyDraft(accountId, mode.kind === 'create' ? mode.role : null)),
    [base],
  );
  // After "Load the current values" the form matches them, but the user's changes are still kept aside.
  const unsaved = loaded.status === 'ready' && (differs(start, draft) || conflict?.stage === 'loaded');
  const reportUnsaved = useRef(onUnsavedChange);
  reportUnsaved.current = onUnsavedChange;
  useEffect(() => {
    reportUnsaved.current?.(unsaved);
  }, [unsaved]);
  const shownName = base?.name ?? editing?.name ?? '';
  const words = m.dashboard.stakeholder;
  const nameOf = (managerId: string | null) =>
    managerId === null
      ? words.nobody
      : (stakeholders.find((s) => s.contactId === managerId)?.name ?? words.outside);

  /** Reads the stakeholder as stored now: its values and the version the save will name. */
  const read = async (): Promise<Contact | 'gone' | RapportError> => {
    if (!editing) return 'gone';
    const res = await sendToBackground({ type: 'listContacts', accountId });
    if (!res.ok) return res.error;
    return res.data.find((c) => c.id === editing.contactId) ?? 'gone';
  };

  const load = async () => {
    setLoaded({ status: 'loading' });
    const found = await read();
    if (found === 'gone') {
      setLoaded({ status: 'gone' });
      onStale();
    } else if ('code' in found) {
      setLoaded({ status: 'failed', error: found });
    } else {
      setLoaded({ status: 'ready', base: found });
      setDraft(draftFromContact(found));
      setFocusAfter('first');
    }
  };

  // An edit starts from the stakeholder as stored now (the chart's data has no version).
  useEffect(() => {
    if (!editing) return;
    heading.current?.focus();
    void load();
  }, []);

  useEffect(() => {
    if (!focusAfter) return;
    setFocusAfter(null);
    const root = form.current;
    if (!root) return;
    const target =
      focusAfter === 'first'
        ? root.querySelector<HTMLElement>('input')
        : focusAfter === 'invalid'
          ? root.querySelector<HTMLElement>('[aria-invalid="true"]')
          : // The alert is announced on its own; the keyboard goes to what it offers (e.g. "Load the current values").
            root.querySelector<HTMLElement>('[role="alert"] button');
    target?.focus();
  }, [focusAfter]);

  const set = <K extends keyof TagDraft>(key: K, value: TagDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  // Functional update: two quick clicks must not both start from the same old list.
  const toggleRole = (role: BuyingRole) =>
    setDraft((d) => ({
      ...d,
      roles: d.roles.includes(role) ? d.roles.filter((r) => r !== role) : [...d.roles, role],
    }));

  /** Places the server's field messages on the fields; whatever has no field of the form is shown whole. */
  const showFailure = (error: RapportError) => {
    if (error.code === 'validation') {
      const mapped: Partial<Record<Field, string>> = {};
      for (const [path, message] of Object.entries(fieldMessages(error))) {
        const field = path.split('.')[0] as Field;
        if (FIELDS.includes(field)) mapped[field] ??= message;
      }
      if (Object.keys(mapped).length > 0) {
        // A refused manager (a loop, someone gone) means the chart is out of date: redraw it, and with it
        // the managers offered.
        if (mapped.reportsToId) onStale();
        setErrors(mapped);
        setFocusAfter('invalid');
        return;
      }
    }
    setFailure(error);
    setFocusAfter('alert');
  };

  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (saving || loaded.status !== 'ready') return;
    setFailure(null);
    const name = draft.name.trim();
    if (name === '') {
      setErrors({ name: words.nameRequired });
      setFocusAfter('invalid');
      return;
    }
    setErrors({});

    if (base) {
      const changes = changesFromTag(base, draft);
      const fields = changedFields(changes);
      if (fields.length === 0) {
        await onDone({ contact: base, saved: false, message: words.unchanged(isolate(base.name)) });
        return;
      }
      setSaving(true);
      const res = await sendToBackground({ type: 'updateContact', id: base.id, changes });
      if (res.ok) {
        await onDone({
          contact: res.data,
          saved: true,
          message: words.saved(res.data.name, m.dashboard.list(fields.map((f) => words.fieldWords[f]))),
        });
        return;
      }
      if (res.error.code === 'pending') {
        await onDone({ contact: base, saved: false, message: res.error.message });
        return;
      }
      setSaving(false);
      if (res.error.code === 'conflict') {
        if (currentOf(res.error)) {
          setConflict({ stage: 'found', message: res.error.message });
          setFocusAfter('alert');
        } else {
          // 404: deleted or merged meanwhile; nothing here can be saved any more.
          setLoaded({ status: 'gone' });
          onStale();
        }
        return;
      }
      showFailure(res.error);
      return;
    }

    const contact: NewContact = {
      accountId,
      name,
      title: draft.title.trim() || null,
      roles: draft.roles,
      stance: draft.stance,
      influence: draft.influence,
      reportsToId: draft.reportsToId,
    };
    setSaving(true);
    const res = await sendToBackground({ type: 'createContact', contact });
    if (res.ok) {
      await onDone({
        contact: res.data,
        saved: true,
        message: words.added(isolate(res.data.name)),
      });
      return;
    }
    if (res.error.code === 'pending') {
      await onDone({ contact: null, saved: false, message: res.error.message });
      return;
    }
    setSaving(false);
    showFailure(res.error);
  };

  const loadCurrent = async () => {
    setFailure(null);
    const found = await read();
    if (found === 'gone') {
      setConflict(null);
      setLoaded({ status: 'gone' });
      onStale();
      return;
    }
    if ('code' in found) {
      setFailure(found);
      setFocusAfter('alert');
      return;
    }
    // What the user changed, against the values they started from, kept aside on top of the current ones.
    const changed = base ? changedFields(changesFromTag(base, draft)) : [];
    setConflict({ stage: 'loaded', mine: mineOnTheirs(draft, changed, found), changed, theirs: found });
    setLoaded({ status: 'ready', base: found });
    setDraft(draftFromContact(found));
    setErrors({});
    onStale();
  };

  const putMineBack = () => {
    if (conflict?.stage !== 'loaded') return;
    setDraft(conflict.mine);
    setConflict(null);
  };

  const { invalid, message, errorId } = fieldErrors(errors, id);

  const title = editing ? words.editTitle(shownName) : words.addTitle;
  return (
    <form
      ref={form}
      class="rp-stakeholder-editor"
      aria-labelledby={id('title')}
      aria-busy={loaded.status === 'loading' || saving}
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onCancel();
      }}
    >
      <h3 id={id('title')} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {loaded.status === 'loading' && <Loading>{words.loading(shownName)}</Loading>}
      {loaded.status === 'failed' && (
        <ErrorNotice error={loaded.error} what={words.couldNotLoad(shownName)} onRetry={() => void load()} />
      )}
      {loaded.status === 'gone' && (
        <div class="rp-dash-error" role="alert">
          <p>{words.gone(shownName)}</p>
        </div>
      )}
      {conflict?.stage === 'found' && (
        <div class="rp-dash-error rp-conflict" role="alert">
          <p>
            <strong>{words.conflict(conflict.message)}</strong> {words.conflictKept}
          </p>
          <p class="rp-dash-error-actions">
            <button type="button" class="rp-dash-button rp-dash-primary" onClick={() => void loadCurrent()}>
              {words.loadCurrent}
            </button>
          </p>
        </div>
      )}
      {conflict?.stage === 'loaded' && (
        <div class="rp-dash-notice rp-conflict" role="status">
          <p>{words.currentLoaded(isolate(conflict.theirs.name))}</p>
          <div class="rp-mine">
            <p class="rp-mine-title" id={id('mine')}>
              {words.mine}
            </p>
            {conflict.changed.length === 0 ? (
              <p>{words.mineNone}</p>
            ) : (
              // Field by field (issue 8): the value saved meanwhile, the user's, and which one the form holds.
              <table class="rp-merge" aria-labelledby={id('mine')}>
                <thead>
                  <tr>
                    <th scope="col">{words.mergeField}</th>
                    <th scope="col">{words.mergeTheirs}</th>
                    <th scope="col">{words.mergeMine}</th>
                    <th scope="col">
                      <span class="rp-visually-hidden">{words.mergeChoice}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {conflict.changed.map((field) => {
                    const theirs = draftFromContact(conflict.theirs);
                    const usingMine = sameField(draft, conflict.mine, field);
                    const label = words.fields[field];
                    return (
                      <tr key={field} data-field={field}>
                        <th scope="row">{label}</th>
                        <td>{valueWords(theirs, field, nameOf)}</td>
                        <td>{valueWords(conflict.mine, field, nameOf)}</td>
                        <td>
                          {usingMine ? (
                            <button
                              type="button"
                              class="rp-dash-button"
                              aria-label={words.useTheirsFor(label)}
                              onClick={() => setDraft((d) => withField(d, theirs, field))}
                            >
                              {words.useTheirs}
                            </button>
                          ) : (
                            <button
                              type="button"
                              class="rp-dash-button"
                              aria-label={words.useMineFor(label)}
                              onClick={() => setDraft((d) => withField(d, conflict.mine, field))}
                            >
                              {words.useMine}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </div>
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
      {failure && (
        <ErrorNotice
          error={failure}
          what={editing ? words.notSaved : words.notAdded}
          onRetry={
            failure.code === 'unreachable' || failure.code === 'server' ? () => void submit() : undefined
          }
        />
      )}
      {loaded.status === 'ready' && (
        <>
          <div class="rp-editor-pair">
            <div class="rp-dash-field">
              <label for={id('name')}>{words.fields.name}</label>
              <input
                id={id('name')}
                class="rp-input"
                value={draft.name}
                maxLength={200}
                required
                autoComplete="off"
                {...invalid('name')}
                onInput={(e) => set('name', (e.currentTarget as HTMLInputElement).value)}
              />
              {message('name')}
            </div>
            <div class="rp-dash-field">
              <label for={id('title-field')}>{words.fields.title}</label>
              <input
                id={id('title-field')}
                class="rp-input"
                value={draft.title}
                maxLength={200}
                autoComplete="off"
                {...invalid('title')}
                onInput={(e) => set('title', (e.currentTarget as HTMLInputElement).value)}
              />
              {message('title')}
            </div>
          </div>
          <RoleChecks roles={draft.roles} onToggle={toggleRole} />
          {message('roles')}
          <div class="rp-editor-trio">
            <StanceSelect value={draft.stance} onChange={(v) => set('stance', v)} />
            <InfluenceSelect value={draft.influence} onChange={(v) => set('influence', v)} />
            <div class="rp-editor-reports-to">
              <ReportsToSelect
                contactId={editing?.contactId ?? ''}
                stakeholders={stakeholders}
                value={draft.reportsToId}
                errorId={errorId('reportsToId')}
                onChange={(managerId) => set('reportsToId', managerId)}
              />
              {message('reportsToId')}
            </div>
          </div>
          {message('stance')}
          {message('influence')}
        </>
      )}
      {loaded.status === 'ready' ? (
        <FormActions
          saving={saving}
          label={editing ? words.saveChanges : words.save}
          savingLabel={words.saving}
          onCancel={onCancel}
        />
      ) : (
        <div class="rp-actions">
          <button type="button" class="rp-button" onClick={onCancel}>
            {loaded.status === 'gone' ? m.common.close : m.common.cancel}
          </button>
        </div>
      )}
    </form>
  );
}
