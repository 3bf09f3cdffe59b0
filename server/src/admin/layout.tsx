/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { isolate, LOCALE_NAMES, LOCALES, USER_ROLES, type UserRole } from '@rapport/shared';
import { raw } from 'hono/html';
import type { Child, PropsWithChildren } from 'hono/jsx';

import { type Messages, useLanguage } from '../i18n';
import type { Flash } from './flash';
import type { FieldErrors } from './forms';
import type { ConsoleSession } from './session';

/** A role's name in the catalog's language ("Account manager"); an unknown stored value as it is. */
export function roleLabel(m: Messages, role: string): string {
  return (m.admin.roles as Record<string, string>)[role] ?? role;
}

/** `[value, label]` of every role, for a select. */
export function roleOptions(m: Messages): [string, string][] {
  return USER_ROLES.map((r: UserRole) => [r, m.admin.roles[r]]);
}

export type NavKey = 'users' | 'tokens' | 'settings' | 'people' | 'transfer' | 'audit' | 'backup';

const ADMIN_NAV: [NavKey, string][] = [
  ['users', '/admin/users'],
  ['tokens', '/admin/tokens'],
  ['settings', '/admin/settings'],
  ['people', '/admin/people'],
  ['transfer', '/admin/transfer'],
  ['audit', '/admin/audit'],
  ['backup', '/admin/backup'],
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
  /** This page's path and query, where the language switch comes back to. */
  here?: string;
}

/** Every console page: skip link, header with navigation and sign-out, flash, error summary, then the page. */
export function Layout(props: PropsWithChildren<LayoutProps>) {
  const { title, session, flash, nav, errors = [], refreshSeconds, here = '/admin', children } = props;
  const { locale, m } = useLanguage();
  const t = m.admin.layout;
  const isAdmin = session?.actor.role === 'admin';
  const items = isAdmin ? ADMIN_NAV : session ? ADMIN_NAV.filter(([k]) => k === 'tokens') : [];
  return (
    <>
      {/* reviewed-html: a constant doctype, no data */}
      {raw('<!doctype html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* The server's `Referrer-Policy: no-referrer` makes Chromium post forms with `Origin: null`, which
              the CSRF check refuses; same-origin keeps the origin for our own forms and tells no other site. */}
          <meta name="referrer" content="same-origin" />
          <title>{`${errors.length > 0 ? t.errorPrefix : ''}${isolate(title)} · ${t.titleSuffix}`}</title>
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
            {t.skip}
          </a>
          <header class="top">
            <a class="brand" href="/admin">
              {t.brand}
            </a>
            {items.length > 0 && (
              <nav aria-label={t.navLabel}>
                <ul>
                  {items.map(([key, href]) => (
                    <li>
                      <a href={href} aria-current={nav === key ? 'page' : undefined}>
                        {t.nav[key]}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {session && (
              <div class="who">
                <span>
                  {session.actor.name} <span class="muted">({roleLabel(m, session.actor.role)})</span>
                </span>
                <form method="post" action="/admin/sign-out">
                  <Csrf session={session} />
                  <button type="submit" class="link">
                    {t.signOut}
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
          <footer class="bottom">
            <LanguageSwitch session={session} here={here} />
          </footer>
        </body>
      </html>
    </>
  );
}

/**
 * The console's language: one button per language posting to `/admin/language` (no script needed), which sets
 * the `rapport_lang` cookie and comes back to this page. The current language's button is marked pressed.
 */
function LanguageSwitch({ session, here }: { session: ConsoleSession | null; here: string }) {
  const { locale, m } = useLanguage();
  return (
    <form method="post" action="/admin/language" class="language" aria-labelledby="language-label">
      <Csrf session={session} />
      <input type="hidden" name="next" value={here} />
      <span id="language-label">{m.admin.language.label}</span>
      {LOCALES.map((l) => (
        <button
          type="submit"
          name="lang"
          value={l}
          class="link"
          lang={l}
          aria-pressed={l === locale ? 'true' : 'false'}
        >
          {m.admin.language.choose(LOCALE_NAMES[l])}
        </button>
      ))}
    </form>
  );
}

function ErrorSummary({ items }: { items: SummaryItem[] }) {
  const { m } = useLanguage();
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">{m.admin.layout.problem}</h2>
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
  const { m } = useLanguage();
  return (
    <div class="secret">
      <label for="secret-value">{label}</label>
      <p class="hint" id="secret-note">
        {note}
      </p>
      <input id="secret-value" readonly value={value} aria-describedby="secret-note" autofocus />
      <button type="button" class="secondary" data-copy="secret-value" hidden>
        {m.admin.layout.copy}
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
  const { m } = useLanguage();
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
          <span class="visually-hidden">{m.admin.layout.fieldError}</span>
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
  const { m } = useLanguage();
  return next ? (
    <p class="pager">
      <a href={next} rel="next">
        {m.admin.layout.nextPage}
      </a>
    </p>
  ) : null;
}

/**
 * A date and time as people read it in the page's language ("29 Nov 2026, 14:05 UTC", "29 nov 2026, 14:05
 * UTC"), in UTC: the server does not know the reader's zone.
 */
export function When({ at }: { at: string | null | undefined }): Child {
  const { m, tag } = useLanguage();
  if (!at) return <span class="muted">{m.admin.layout.never}</span>;
  return <time datetime={at}>{m.admin.layout.utc(formatWhen(at, tag))}</time>;
}

/** A stored timestamp as a date and time in UTC for a language tag; the text as stored if it is not one. */
export function formatWhen(at: string, tag: string): string {
  const time = Date.parse(at);
  if (Number.isNaN(time)) return at;
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
    time,
  );
}

/** A calendar day (`YYYY-MM-DD` or a timestamp's UTC day) in a language: "29 Nov 2026", "29 nov 2026". */
export function formatDay(at: string, tag: string): string {
  const time = Date.parse(`${at.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(time)) return at;
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(time);
}
