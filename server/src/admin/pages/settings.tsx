/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { type Settings, zUpdateSettingsRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { saveSettings } from '../../db/admin-repository';
import { readSettings } from '../../db/settings-repository';
import type { Deps } from '../../deps';
import { ApiError } from '../../lib/errors';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, formList, formNumber, parseForm } from '../forms';
import { Csrf, Input, Select, summaryItems, TextArea } from '../layout';
import { adminOnly, type ConsoleContext, render } from '../render';
import type { ConsoleEnv, ConsoleSession } from '../session';

const LABELS = {
  companyDomains: 'Company email domains',
  personalDomains: 'Personal email domains',
  coverageWindowDays: 'Coverage window (days)',
  fiscalYearStartMonth: 'Fiscal year starts in',
  defaultCurrency: 'Default currency',
  allowedOrigins: 'Extra allowed origins (CORS)',
};

const MONTHS: [string, string][] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
].map((m, i) => [String(i + 1), m]);

/** What the form shows: the stored settings, or what was typed (kept on an error). */
interface SettingsValues {
  companyDomains: string;
  personalDomains: string;
  allowedOrigins: string;
  coverageWindowDays: string;
  fiscalYearStartMonth: string;
  defaultCurrency: string;
  version: string;
}

const valuesOf = (s: Settings): SettingsValues => ({
  companyDomains: s.companyDomains.join('\n'),
  personalDomains: s.personalDomains.join('\n'),
  allowedOrigins: s.allowedOrigins.join('\n'),
  coverageWindowDays: String(s.coverageWindowDays),
  fiscalYearStartMonth: String(s.fiscalYearStartMonth),
  defaultCurrency: s.defaultCurrency,
  version: String(s.version),
});

/** `/admin/settings`: the settings document with the validation and versioning of `PATCH /api/v1/settings`. */
export function settingsPages(deps: Deps) {
  const { db, env, settings } = deps;

  const form = (
    c: ConsoleContext,
    session: ConsoleSession,
    v: SettingsValues,
    errors: FieldErrors = {},
    status: 200 | 400 | 409 = 200,
    unsaved?: SettingsValues,
  ) =>
    render(
      c,
      deps,
      { title: 'Settings', nav: 'settings', errors: summaryItems(errors, LABELS, 'settings') },
      <>
        {unsaved && (
          <details open class="panel">
            <summary>What you entered (not saved)</summary>
            <dl class="facts">
              {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((key) => (
                <>
                  <dt>{LABELS[key]}</dt>
                  <dd>
                    <pre>{unsaved[key] || '(empty)'}</pre>
                  </dd>
                </>
              ))}
            </dl>
          </details>
        )}
        <form method="post" action="/admin/settings" novalidate>
          <Csrf session={session} />
          <input type="hidden" name="version" value={v.version} />
          <TextArea
            prefix="settings"
            name="companyDomains"
            label={LABELS.companyDomains}
            hint="One per line. Addresses at these domains are colleagues, never customers."
            value={v.companyDomains}
            error={errors.companyDomains}
          />
          <TextArea
            prefix="settings"
            name="personalDomains"
            label={LABELS.personalDomains}
            hint="One per line. Webmail domains that never identify an account."
            value={v.personalDomains}
            error={errors.personalDomains}
          />
          <Input
            prefix="settings"
            name="coverageWindowDays"
            label={LABELS.coverageWindowDays}
            hint="A buying role counts as covered when its holder was contacted within this many days (1 to 3650)."
            type="number"
            inputmode="numeric"
            min={1}
            max={3650}
            value={v.coverageWindowDays}
            error={errors.coverageWindowDays}
          />
          <Select
            prefix="settings"
            name="fiscalYearStartMonth"
            label={LABELS.fiscalYearStartMonth}
            value={v.fiscalYearStartMonth}
            options={MONTHS}
            error={errors.fiscalYearStartMonth}
          />
          <Input
            prefix="settings"
            name="defaultCurrency"
            label={LABELS.defaultCurrency}
            hint="An ISO 4217 code such as EUR or USD."
            value={v.defaultCurrency}
            error={errors.defaultCurrency}
            autocomplete="off"
          />
          <TextArea
            prefix="settings"
            name="allowedOrigins"
            label={LABELS.allowedOrigins}
            hint="One per line, as scheme://host[:port]. Browser extensions are always allowed; add only web apps you run."
            value={v.allowedOrigins}
            error={errors.allowedOrigins}
          />
          <button type="submit">Save settings</button>
        </form>
      </>,
      status,
    );

  return (
    new Hono<ConsoleEnv>()
      // GET /admin/settings
      .get('/settings', async (c) => form(c, adminOnly(c), valuesOf(await readSettings(db.kysely))))
      // POST /admin/settings
      .post('/settings', async (c) => {
        const session = adminOnly(c);
        const f = await formFields(c);
        const typed: SettingsValues = {
          companyDomains: f.companyDomains ?? '',
          personalDomains: f.personalDomains ?? '',
          allowedOrigins: f.allowedOrigins ?? '',
          coverageWindowDays: f.coverageWindowDays ?? '',
          fiscalYearStartMonth: f.fiscalYearStartMonth ?? '',
          defaultCurrency: f.defaultCurrency ?? '',
          version: f.version ?? '',
        };
        const numberError = (v: string) =>
          formNumber(v) === undefined || typeof formNumber(v) === 'string'
            ? 'Enter a whole number'
            : undefined;
        const parsed = parseForm(zUpdateSettingsRequest, {
          version: formNumber(typed.version),
          companyDomains: formList(typed.companyDomains),
          personalDomains: formList(typed.personalDomains),
          allowedOrigins: formList(typed.allowedOrigins),
          coverageWindowDays: formNumber(typed.coverageWindowDays),
          fiscalYearStartMonth: formNumber(typed.fiscalYearStartMonth),
          defaultCurrency: typed.defaultCurrency,
        });
        if (!parsed.ok) {
          const errors = { ...parsed.errors };
          for (const key of ['coverageWindowDays', 'fiscalYearStartMonth'] as const) {
            const message = numberError(typed[key]);
            if (message) errors[key] = message;
          }
          if (errors.version) {
            // The hidden version is missing or mangled: treat it as stale, with the current values.
            return form(
              c,
              session,
              valuesOf(await readSettings(db.kysely)),
              { form: 'This form is out of date; here are the current settings.' },
              409,
            );
          }
          return form(c, session, typed, errors, 400);
        }
        try {
          settings.set(await saveSettings(db.kysely, session.actor.id, parsed.data));
        } catch (err) {
          if (!(err instanceof ApiError) || err.code !== 'version_conflict') throw err;
          return form(
            c,
            session,
            valuesOf(await readSettings(db.kysely)),
            {
              form: 'Someone else changed the settings while you were editing. The form now shows the current values: make your changes again and save.',
            },
            409,
            typed,
          );
        }
        return redirectWithFlash(c, env, '/admin/settings', { kind: 'success', text: 'Settings saved.' });
      })
  );
}
