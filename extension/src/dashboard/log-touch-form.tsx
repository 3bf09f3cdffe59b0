import type { StakeholderNode, Touch } from '@rapport/shared';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { fieldMessages, type RapportError, sendToBackground } from '../messaging';
import { ErrorNotice } from './error-notice';
import { fieldErrors } from './field-errors';
import { PAGE_LABELS } from './labels';
import { fromLocalInput, localInputValue } from './when';

type ManualKind = 'call' | 'meeting' | 'note';

/** The kinds a person logs here (emails are logged from Gmail); their words are the catalog's. */
const KINDS: readonly ManualKind[] = ['call', 'meeting', 'note'];

export interface LogTouchFormProps {
  accountId: string;
  stakeholders: readonly StakeholderNode[];
  onLogged: (touch: Touch, created: boolean) => void;
}

type Field = 'subject' | 'occurredAt' | 'notes' | 'contactIds';

/**
 * Logs a call, meeting or note on the account, with the stakeholders who took part (their "last contacted"
 * moves up to its date). Emails are logged from Gmail.
 */
export function LogTouchForm({ accountId, stakeholders, onLogged }: LogTouchFormProps) {
  const uid = useId();
  const id = (suffix: string) => `${uid}-${suffix}`;
  const [kind, setKind] = useState<ManualKind>('call');
  const [subject, setSubject] = useState('');
  const [when, setWhen] = useState(() => localInputValue(new Date()));
  const [notes, setNotes] = useState('');
  const [people, setPeople] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<RapportError | null>(null);
  const [saving, setSaving] = useState(false);
  const [focusInvalid, setFocusInvalid] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const words = m.dashboard.logTouch;

  useEffect(() => {
    if (!focusInvalid) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    setFocusInvalid(false);
  }, [focusInvalid]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    const occurredAt = fromLocalInput(when);
    const found: Partial<Record<Field, string>> = {};
    if (!occurredAt) found.occurredAt = words.pickWhen;
    if (subject.trim() === '' && notes.trim() === '') found.subject = words.sayWhat;
    if (Object.keys(found).length > 0 || !occurredAt) {
      setErrors(found);
      setFocusInvalid(true);
      return;
    }
    setErrors({});
    setSaving(true);
    const res = await sendToBackground({
      type: 'logTouch',
      touch: {
        kind,
        subject: subject.trim(),
        occurredAt,
        link: null,
        sourceKey: null,
        notes: notes.trim(),
        contactIds: [...people],
        emails: [],
        accountIds: [accountId],
      },
    });
    setSaving(false);
    if (!res.ok) {
      const messages = fieldMessages(res.error);
      const mapped: Partial<Record<Field, string>> = {};
      for (const [path, message] of Object.entries(messages)) {
        const field = path.split('.')[0] as Field;
        if (field === 'subject' || field === 'occurredAt' || field === 'notes' || field === 'contactIds') {
          mapped[field] ??= message;
        }
      }
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFailure(res.error);
      else setFocusInvalid(true);
      return;
    }
    setSubject('');
    setNotes('');
    setPeople(new Set());
    setWhen(localInputValue(new Date()));
    onLogged(res.data, res.data.created);
  };

  const { invalid, message, errorId } = fieldErrors(errors, id);

  return (
    <form ref={form} class="rp-log-form" aria-labelledby={id('title')} onSubmit={submit} noValidate>
      <h3 id={id('title')}>{words.title}</h3>
      {failure && <ErrorNotice error={failure} what={words.notLogged} />}
      <fieldset class="rp-kinds">
        <legend>{words.kind}</legend>
        {KINDS.map((k) => (
          <label key={k} class="rp-radio">
            <input
              type="radio"
              name={id('kind')}
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />{' '}
            {PAGE_LABELS.touchKind[k]}
          </label>
        ))}
      </fieldset>
      <div class="rp-dash-field">
        <label for={id('subject')}>{words.subject}</label>
        <input
          id={id('subject')}
          class="rp-input"
          value={subject}
          maxLength={500}
          {...invalid('subject')}
          onInput={(e) => setSubject((e.currentTarget as HTMLInputElement).value)}
        />
        {message('subject')}
      </div>
      <div class="rp-dash-field">
        <label for={id('when')}>{words.when}</label>
        <input
          id={id('when')}
          type="datetime-local"
          class="rp-input"
          value={when}
          {...invalid('occurredAt')}
          onInput={(e) => setWhen((e.currentTarget as HTMLInputElement).value)}
        />
        {message('occurredAt')}
      </div>
      <div class="rp-dash-field">
        <label for={id('notes')}>{words.notes}</label>
        <textarea
          id={id('notes')}
          class="rp-input"
          rows={3}
          value={notes}
          {...invalid('notes')}
          onInput={(e) => setNotes((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {message('notes')}
      </div>
      <fieldset class="rp-people" aria-describedby={errorId('contactIds')}>
        <legend>{words.people}</legend>
        {stakeholders.length === 0 ? (
          <p class="rp-dash-muted">{words.noStakeholders}</p>
        ) : (
          <ul class="rp-checks">
            {stakeholders.map((s) => (
              <li key={s.contactId}>
                <label class="rp-check">
                  <input
                    type="checkbox"
                    checked={people.has(s.contactId)}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      setPeople((p) => {
                        const next = new Set(p);
                        if (on) next.add(s.contactId);
                        else next.delete(s.contactId);
                        return next;
                      });
                    }}
                  />{' '}
                  <bdi>{s.name}</bdi>
                  {s.title && <span class="rp-dash-muted"> · {s.title}</span>}
                </label>
              </li>
            ))}
          </ul>
        )}
        {message('contactIds')}
      </fieldset>
      <button type="submit" class="rp-dash-button rp-dash-primary" disabled={saving}>
        {saving ? words.saving : words.submit[kind]}
      </button>
    </form>
  );
}
