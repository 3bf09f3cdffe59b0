import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import { browser } from '#imports';
import { isPreGranted, normalizeServerUrl, originPattern } from '../api/server-url';
import { m } from '../i18n/pages';
import '../i18n/deploy';
import { type ManagedPolicy, readManagedPolicy, watchManagedPolicy } from '../managed-policy';
import { fieldMessages, type RapportError, type Status, sendToBackground } from '../messaging';

type Field = 'serverUrl' | 'email' | 'password';
interface FormError {
  message: string;
  field: Field | null;
}

export interface SignInFormProps {
  initialServerUrl: string;
  initialEmail: string;
  onSignedIn: (status: Status) => void;
  /** Receives the form's heading, which takes focus after signing out. */
  heading?: RefObject<HTMLHeadingElement | null>;
}

/** Which field an error is about, so focus goes there. */
function fieldOf(error: RapportError): Field | null {
  if (error.code === 'not_rapport' || error.code === 'unreachable' || error.code === 'forbidden')
    return 'serverUrl';
  if (error.code !== 'validation') return null;
  const fields = fieldMessages(error);
  if (fields.serverUrl) return 'serverUrl';
  if (fields.email) return 'email';
  return 'password'; // wrong email or password: the password is what most often needs retyping
}

/**
 * "Server URL", "Email", "Password" and "Sign in". The host permission is requested here, synchronously in
 * the submit handler (browsers grant it only during a user gesture), before the background is asked. A
 * server URL set by enterprise policy (src/managed-policy.ts) fills the field; locked, it is read-only.
 */
export function SignInForm({ initialServerUrl, initialEmail, onSignedIn, heading }: SignInFormProps) {
  const [values, setValues] = useState<Record<Field, string>>({
    serverUrl: initialServerUrl,
    email: initialEmail,
    password: '',
  });
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [policy, setPolicy] = useState<ManagedPolicy | null>(null);
  const lockedUrl = policy?.locked ? policy.serverUrl : null;
  const refs = {
    serverUrl: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  useEffect(() => {
    let live = true;
    const apply = (next: ManagedPolicy) => {
      if (!live) return;
      setPolicy(next);
      const preset = next.serverUrl;
      // Locked, the policy's server is the only one; otherwise it fills an empty field.
      if (preset) setValues((v) => (next.locked || !v.serverUrl.trim() ? { ...v, serverUrl: preset } : v));
    };
    void readManagedPolicy().then(apply);
    const stop = watchManagedPolicy(apply);
    return () => {
      live = false;
      stop();
    };
  }, []);

  const show = (message: string, field: Field | null) => {
    setError({ message, field });
    setBusy(false);
    if (field) refs[field].current?.focus();
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const url = normalizeServerUrl(lockedUrl ?? values.serverUrl);
    if (!url.ok) return show(url.message, 'serverUrl');
    if (!values.email.trim()) return show(m.pages.signIn.enterEmail, 'email');
    if (!values.password) return show(m.pages.signIn.enterPassword, 'password');
    setBusy(true);
    setError(null);
    setValues((v) => ({ ...v, serverUrl: url.origin }));
    // No await before this call: the permission prompt needs the click's user gesture.
    const granted = isPreGranted(url.origin)
      ? Promise.resolve(true)
      : browser.permissions.request({ origins: [originPattern(url.origin)] });
    void granted
      .then(async (ok) => {
        if (!ok) {
          return show(m.pages.signIn.permissionDenied(url.origin), 'serverUrl');
        }
        const res = await sendToBackground({
          type: 'signIn',
          serverUrl: url.origin,
          email: values.email,
          password: values.password,
        });
        if (!res.ok) return show(res.error.message, fieldOf(res.error));
        setBusy(false);
        onSignedIn(res.data);
      })
      .catch((err: unknown) => show(m.pages.signIn.permissionRefused(String(err)), 'serverUrl'));
  };

  const input = (field: Field, label: string, props: Record<string, string | boolean>) => {
    const invalid = error?.field === field;
    return (
      <div class="field">
        <label for={`signin-${field}`}>{label}</label>
        <input
          id={`signin-${field}`}
          ref={refs[field]}
          value={values[field]}
          onInput={(e) => setValues((v) => ({ ...v, [field]: e.currentTarget.value }))}
          aria-invalid={invalid}
          aria-describedby={
            invalid ? 'signin-error' : field === 'serverUrl' ? 'signin-serverUrl-hint' : undefined
          }
          required
          {...props}
        />
      </div>
    );
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="signin-title">
      <h2 id="signin-title" tabIndex={-1} ref={heading}>
        {m.pages.signIn.heading}
      </h2>
      {input('serverUrl', m.pages.signIn.serverUrl, {
        type: 'text',
        inputMode: 'url',
        autocomplete: 'url',
        spellcheck: false,
        placeholder: 'https://rapport.example.com',
        readOnly: lockedUrl !== null,
      })}
      <p class="hint" id="signin-serverUrl-hint">
        {lockedUrl
          ? m.deploy.setByOrganisation
          : policy?.serverUrl
            ? m.deploy.suggestedByOrganisation
            : m.pages.signIn.serverUrlHint}
      </p>
      {policy?.invalid && (
        <p class="notice" role="status">
          {m.deploy.invalidPolicy(policy.invalid)}
        </p>
      )}
      {input('email', m.pages.signIn.email, { type: 'email', autocomplete: 'username', spellcheck: false })}
      {input('password', m.pages.signIn.password, { type: 'password', autocomplete: 'current-password' })}
      <div id="signin-error" role="alert" class={error ? 'error' : 'error empty'}>
        {error?.message}
      </div>
      <div class="actions">
        <button type="submit" class="primary" aria-busy={busy}>
          {busy ? m.pages.signIn.submitting : m.pages.signIn.submit}
        </button>
      </div>
    </form>
  );
}
