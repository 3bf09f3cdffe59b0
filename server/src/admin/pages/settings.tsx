/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { type Settings, zUpdateSettingsRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { saveSettings } from '../../db/admin-repository';
import { readSettings } from '../../db/settings-repository';
import type { Deps } from '../../deps';
import type { Messages } from '../../i18n';
import { ApiError } from '../../lib/errors';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, formList, formNumber, parseForm } from '../forms';
import { Csrf, Input, Select, summaryItems, TextArea } from '../layout';
import { adminOnly, type ConsoleContext, render } from '../render';
import type { ConsoleEnv, ConsoleSession } from '../session';

const FIELDS = [
  'companyDomains',
  'personalDomains',
  'coverageWindowDays',
  'fiscalYearStartMonth',
  'defaultCurrency',
  'touchRetentionDays',
  'allowedOrigins',
] as const;

const labelsOf = (m: Messages): Record<(typeof FIELDS)[number], string> => {
  const t = m.admin.settings;
  return Object.fromEntries(FIELDS.map((f) => [f, t[f]])) as Record<(typeof FIELDS)[number], string>;
};

/** The twelve months in a language ("January", "gennaio"), as `[number, name]` for a select. */
function monthOptions(tag: string): [string, string][] {
  const format = new Intl.DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => {
    const name = format.format(Date.UTC(2026, i, 1));
    return [String(i + 1), name.charAt(0).toLocaleUpperCase(tag) + name.slice(1)];
  });
}

/** What the form shows: the stored settings, or what was typed (kept on an error). */
interface SettingsValues {
  companyDomains: string;
  personalDomains: string;
  allowedOrigins: string;
  coverageWindowDays: string;
  fiscalYearStartMonth: string;
  defaultCurrency: string;
  touchRetentionDays: string;
  version: string;
}

const valuesOf = (s: Settings): SettingsValues => ({
  companyDomains: s.companyDomains.join('\n'),
  personalDomains: s.personalDomains.join('\n'),
  allowedOrigins: s.allowedOrigins.join('\n'),
  coverageWindowDays: String(s.coverageWindowDays),
  fiscalYearStartMonth: String(s.fiscalYearStartMonth),
  defaultCurrency: s.defaultCurrency,
  touchRetentionDays: s.touchRetentionDays === null ? '' : String(s.touchRetentionDays),
  version: String(s.version),
});

type Field = (typeof FIELDS)[number];

/** After a conflict: what was typed, which fields the person changed, and which they chose to keep. */
interface Unsaved {
  typed: SettingsValues;
  changed: Field[];
}

/** A field's text as saving reads it: line ends and surrounding blanks do not count as a change. */
const norm = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');

/** `/admin/settings`: the settings document with the validation and versioning of `PATCH /api/v1/settings`. */
export function settingsPages(deps: Deps) {
  const { db, env, settings } = deps;

  const form = (
    c: ConsoleContext,
    session: ConsoleSession,
    v: SettingsValues,
    errors: FieldErrors = {},
    status: 200 | 400 | 409 = 200,
    unsaved?: Unsaved,
  ) => {
    const { m, tag } = c.var.lang;
    const t = m.admin.settings;
    const LABELS = labelsOf(m);
    return render(
      c,
      deps,
      { title: t.title, nav: 'settings', errors: summaryItems(errors, LABELS, 'settings') },
      <form method="post" action="/admin/settings" novalidate>
        <Csrf session={session} />
        <input type="hidden" name="version" value={v.version} />
        {/* What the form started from: after a conflict, what the person changed is told from it. */}
        {FIELDS.map((key) => (
          <input type="hidden" name={`was-${key}`} value={v[key]} />
        ))}
        {unsaved && unsaved.changed.length > 0 && (
          // A 409 field by field (issue 8): each setting the person changed, the value saved meanwhile
          // (now in the form) and theirs, which "Use mine" saves over it with the current version.
          <div class="panel merge">
            <p>{t.mergeAbout}</p>
            <table>
              <caption class="visually-hidden">{t.unsaved}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.mergeField}</th>
                  <th scope="col">{t.mergeTheirs}</th>
                  <th scope="col">{t.mergeMine}</th>
                  <th scope="col">{t.useMine}</th>
                </tr>
              </thead>
              <tbody>
                {unsaved.changed.map((key) => (
                  <tr data-field={key}>
                    <th scope="row">{LABELS[key]}</th>
                    <td>
                      <pre>{v[key] || m.admin.layout.empty}</pre>
                    </td>
                    <td>
                      <pre>{unsaved.typed[key] || m.admin.layout.empty}</pre>
                      <input type="hidden" name={`mine-${key}`} value={unsaved.typed[key]} />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        id={`settings-use-mine-${key}`}
                        name={`use-mine-${key}`}
                        value="1"
                      />
                      <label for={`settings-use-mine-${key}`}>
                        <span class="visually-hidden">{t.useMineFor(LABELS[key])}</span>
                      </label>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <TextArea
          prefix="settings"
          name="companyDomains"
          label={LABELS.companyDomains}
          hint={t.companyHint}
          value={v.companyDomains}
          error={errors.companyDomains}
        />
        <TextArea
          prefix="settings"
          name="personalDomains"
          label={LABELS.personalDomains}
          hint={t.personalHint}
          value={v.personalDomains}
          error={errors.personalDomains}
        />
        <Input
          prefix="settings"
          name="coverageWindowDays"
          label={LABELS.coverageWindowDays}
          hint={t.coverageHint}
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
          options={monthOptions(tag)}
          error={errors.fiscalYearStartMonth}
        />
        <Input
          prefix="settings"
          name="defaultCurrency"
          label={LABELS.defaultCurrency}
          hint={t.currencyHint}
          value={v.defaultCurrency}
          error={errors.defaultCurrency}
          autocomplete="off"
        />
        <Input
          prefix="settings"
          name="touchRetentionDays"
          label={LABELS.touchRetentionDays}
          hint={t.retentionHint}
          type="number"
          inputmode="numeric"
          min={1}
          max={36500}
          value={v.touchRetentionDays}
          error={errors.touchRetentionDays}
        />
        <TextArea
          prefix="settings"
          name="allowedOrigins"
          label={LABELS.allowedOrigins}
          hint={t.originsHint}
          value={v.allowedOrigins}
          error={errors.allowedOrigins}
        />
        <button type="submit">{t.save}</button>
      </form>,
      status,
    );
  };

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
          touchRetentionDays: f.touchRetentionDays ?? '',
          version: f.version ?? '',
        };
        // After a conflict, "Use mine" puts the person's own value back for that field.
        const useMine = FIELDS.filter(
          (key) => f[`use-mine-${key}`] === '1' && f[`mine-${key}`] !== undefined,
        );
        for (const key of useMine) typed[key] = f[`mine-${key}`] ?? typed[key];
        const { m } = c.var.lang;
        const numberError = (v: string) =>
          formNumber(v) === undefined || typeof formNumber(v) === 'string'
            ? m.admin.common.wholeNumber
            : undefined;
        const parsed = parseForm(
          zUpdateSettingsRequest,
          {
            version: formNumber(typed.version),
            companyDomains: formList(typed.companyDomains),
            personalDomains: formList(typed.personalDomains),
            allowedOrigins: formList(typed.allowedOrigins),
            coverageWindowDays: formNumber(typed.coverageWindowDays),
            fiscalYearStartMonth: formNumber(typed.fiscalYearStartMonth),
            defaultCurrency: typed.defaultCurrency,
            // Empty keeps touches forever
            touchRetentionDays:
              typed.touchRetentionDays.trim() === '' ? null : formNumber(typed.touchRetentionDays),
          },
          m,
        );
        if (!parsed.ok) {
          const errors = { ...parsed.errors };
          for (const key of ['coverageWindowDays', 'fiscalYearStartMonth'] as const) {
            const message = numberError(typed[key]);
            if (message) errors[key] = message;
          }
          if (typed.touchRetentionDays.trim() !== '') {
            const message = numberError(typed.touchRetentionDays);
            if (message) errors.touchRetentionDays = message;
          }
          if (errors.version) {
            // The hidden version is missing or mangled: treat it as stale, with the current values.
            return form(
              c,
              session,
              valuesOf(await readSettings(db.kysely)),
              { form: m.admin.settings.stale },
              409,
            );
          }
          return form(c, session, typed, errors, 400);
        }
        try {
          settings.set(await saveSettings(db.kysely, session.actor.id, parsed.data));
        } catch (err) {
          if (!(err instanceof ApiError) || err.code !== 'version_conflict') throw err;
          const current = valuesOf(await readSettings(db.kysely));
          // The fields the person changed from what their form started with (all of them if it did not say).
          const changed = FIELDS.filter(
            (key) =>
              norm(typed[key]) !== norm(f[`was-${key}`] ?? '') && norm(typed[key]) !== norm(current[key]),
          );
          return form(c, session, current, { form: m.admin.settings.conflict }, 409, {
            typed,
            changed,
          });
        }
        return redirectWithFlash(c, env, '/admin/settings', {
          kind: 'success',
          text: m.admin.settings.saved,
        });
      })
  );
}
