/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { USER_ROLES, type UserRole } from '@rapport/shared';
import { raw } from 'hono/html';
import type { Child, PropsWithChildren } from 'hono/jsx';

import type { Flash } from './flash';
import type { FieldErrors } from './forms';
import type { ConsoleSession } from './session';

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: 'Admin',
  account_manager: 'Account manager',
  sales_rep: 'Sales rep',
  coordinator: 'Coordinator',
  marketing: 'Marketing',
  viewer: 'Viewer',
};
export const ROLE_OPTIONS: [string, string][] = USER_ROLES.map((r) => [r, ROLE_LABELS[r]]);

export type NavKey = 'users' | 'tokens' | 'settings' | 'transfer' | 'audit' | 'backup';

const ADMIN_NAV: [NavKey, string, string][] = [
  ['users', 'Users', '/admin/users'],
  ['tokens', 'Tokens', '/admin/tokens'],
  ['settings', 'Settings', '/admin/settings'],
  ['transfer', 'Import and export', '/admin/transfer'],
  ['audit', 'Audit log', '/admin/audit'],
  ['backup', 'Backup', '/admin/backup'],
];

/** A link in the error summary to the field it is about. */
export interface SummaryItem {
  href: string;
  text: string;
}

/** Summary links for a form's errors; `prefix` is the form's field id prefix (see `fieldId`). */
export function summaryItems(
  errors: FieldErrors,
  labels: Record<string, string>,
  prefix: string,
): SummaryItem[] {
  return Object.entries(errors).map(([field, message]) => ({
    href: labels[field] ? `#${fieldId(prefix, field)}` : '#main',
    text: labels[field] ? `${labels[field]}: ${message}` : message,
  }));
}

/** The id of a form field: unique per page as long as each form has its own prefix. */
export const fieldId = (prefix: string, name: string) => `${prefix}-${name}`;

export interface LayoutProps {
  title: string;
  session: ConsoleSession | null;
  flash?: Flash | null;
  nav?: NavKey;
  /** Problems with what was posted, listed first; the summary takes focus when the page loads. */
  errors?: SummaryItem[];
  /** While work runs on the server: reload every this many seconds without scripts (admin.js polls instead). */
  refreshSeconds?: number;
}

/** Every console page: skip link, header with navigation and sign-out, flash, error summary, then the page. */
export function Layout(props: PropsWithChildren<LayoutProps>) {
  const { title, session, flash, nav, errors = [], refreshSeconds, children } = props;
  const isAdmin = session?.actor.role === 'admin';
  const items = isAdmin ? ADMIN_NAV : session ? ADMIN_NAV.filter(([k]) => k === 'tokens') : [];
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* The server's `Referrer-Policy: no-referrer` makes Chromium post forms with `Origin: null`, which
              the CSRF check refuses; same-origin keeps the origin for our own forms and tells no other site. */}
          <meta name="referrer" content="same-origin" />
          <title>{`${errors.length > 0 ? 'Error: ' : ''}${title} · Rapport admin`}</title>
          <link rel="stylesheet" href="/admin/admin.css" />
          <script src="/admin/admin.js" defer />
          {refreshSeconds !== undefined && (
            <noscript>
              <meta http-equiv="refresh" content={String(refreshSeconds)} />
            </noscript>
          )}
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href="/admin">
              Rapport admin
            </a>
            {items.length > 0 && (
              <nav aria-label="Console">
                <ul>
                  {items.map(([key, label, href]) => (
                    <li>
                      <a href={href} aria-current={nav === key ? 'page' : undefined}>
                        {label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {session && (
              <div class="who">
                <span>
                  {session.actor.name} <span class="muted">({ROLE_LABELS[session.actor.role]})</span>
                </span>
                <form method="post" action="/admin/sign-out">
                  <Csrf session={session} />
                  <button type="submit" class="link">
                    Sign out
                  </button>
                </form>
              </div>
            )}
          </header>
          <main id="main" tabindex={-1}>
            {errors.length > 0 && <ErrorSummary items={errors} />}
            {flash && <FlashMessage flash={flash} focus={errors.length === 0} />}
            <h1>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

function ErrorSummary({ items }: { items: SummaryItem[] }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.href}>{i.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FlashMessage({ flash, focus }: { flash: Flash; focus: boolean }) {
  return (
    <div
      class={flash.kind === 'error' ? 'flash error' : 'flash'}
      role={flash.kind === 'error' ? 'alert' : 'status'}
      tabindex={-1}
      autofocus={focus && flash.kind === 'error'}
    >
      <p>{flash.text}</p>
      {flash.secret && <Secret {...flash.secret} />}
    </div>
  );
}

/** A secret shown once: a read-only field to select and copy (a Copy button appears where scripts run). */
export function Secret({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div class="secret">
      <label for="secret-value">{label}</label>
      <p class="hint" id="secret-note">
        {note}
      </p>
      <input id="secret-value" readonly value={value} aria-describedby="secret-note" autofocus />
      <button type="button" class="secondary" data-copy="secret-value" hidden>
        Copy
      </button>
    </div>
  );
}

/** The hidden CSRF field every signed-in form carries. */
export function Csrf({ session }: { session: ConsoleSession | null }) {
  return session ? <input type="hidden" name="csrf" value={session.csrf} /> : null;
}

interface FieldProps {
  prefix: string;
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
}

function described(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function FieldFrame({
  id,
  label,
  error,
  hint,
  children,
}: PropsWithChildren<{ id: string; label: string; error?: string | undefined; hint?: string | undefined }>) {
  return (
    <div>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** A labelled input with its hint and error. */
export function Input(
  props: FieldProps & {
    value?: string | number | null | undefined;
    type?: string;
    required?: boolean;
    autocomplete?: string;
    inputmode?: 'numeric' | 'email' | 'text';
    min?: number;
    max?: number;
  },
) {
  const id = fieldId(props.prefix, props.name);
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        min={props.min}
        max={props.max}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.error, props.hint)}
      />
    </FieldFrame>
  );
}

/** A labelled textarea (lists are typed one item per line). */
export function TextArea(props: FieldProps & { value: string }) {
  const id = fieldId(props.prefix, props.name);
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint}>
      <textarea
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.error, props.hint)}
      >
        {props.value}
      </textarea>
    </FieldFrame>
  );
}

/** A labelled select; `options` are `[value, label]`, an empty value for "any". */
export function Select(props: FieldProps & { value: string | undefined; options: [string, string][] }) {
  const id = fieldId(props.prefix, props.name);
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint}>
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.error, props.hint)}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? '')}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** "Next page" with the filters kept; nothing on the last page. */
export function Pager({ next }: { next: string | null }) {
  return next ? (
    <p class="pager">
      <a href={next} rel="next">
        Next page
      </a>
    </p>
  ) : null;
}

/** A date and time as people read it, in UTC (the server does not know the reader's zone). */
export function When({ at }: { at: string | null | undefined }): Child {
  if (!at) return <span class="muted">never</span>;
  return <time datetime={at}>{`${at.slice(0, 10)} ${at.slice(11, 16)} UTC`}</time>;
}
