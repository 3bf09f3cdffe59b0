/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { type Language, type Messages, type Text, textIn, useLanguage } from '../../i18n';
import { CSV_FILES } from '../../transfer/export-spec';
import type { ImportReport } from '../../transfer/report';
import type { FieldErrors } from '../forms';
import { Csrf, fieldId, Input, Select } from '../layout';
import type { ConsoleSession } from '../session';
import { CONSOLE_UPLOAD_PATH, type Upload } from '../uploads';

const PRESETS: [string, string][] = [
  ['hubspot', 'HubSpot'],
  ['salesforce', 'Salesforce'],
  ['rapport', 'Rapport'],
];

export const uploadPath = (upload: Pick<Upload, 'id'>) => `/admin/transfer/uploads/${upload.id}`;

/** Rejected rows listed on a page; the rest are counted (the CLI's `--json` lists them all). */
const MAX_LISTED = 200;

/** A count for people in a language ("1,234", "1.234"). */
const count = (v: number, tag: string) => v.toLocaleString(tag);

/** A report section's name ("accounts", "account"); an unknown one as it is. */
const recordsName = (m: Messages, key: string) => (m.transfer.records as Record<string, string>)[key] ?? key;
/** Counts per kind of record: created, updated, unchanged and rejected (what a dry run would do). */
export function ReportCounts({ report, id }: { report: ImportReport; id: string }) {
  const rejectedBy: Record<string, number> = {};
  for (const r of report.rejected) rejectedBy[r.entity] = (rejectedBy[r.entity] ?? 0) + 1;
  const kinds = [
    ...new Set([
      ...Object.keys(report.created),
      ...Object.keys(report.updated),
      ...Object.keys(report.unchanged),
      ...Object.keys(rejectedBy),
    ]),
  ];
  const would = report.dryRun;
  const { m, tag } = useLanguage();
  const t = m.transfer;
  const n = (v: number) => count(v, tag);
  const [created, updated] = would ? [t.wouldCreate, t.wouldUpdate] : [t.created, t.updated];
  return (
    <table class="stack" aria-labelledby={id}>
      <thead>
        <tr>
          <th scope="col">{t.countRecords}</th>
          <th scope="col">{created}</th>
          <th scope="col">{updated}</th>
          <th scope="col">{t.unchanged}</th>
          <th scope="col">{t.rejected}</th>
        </tr>
      </thead>
      <tbody>
        {kinds.map((kind) => (
          <tr>
            <td data-label={t.countRecords}>{recordsName(m, kind)}</td>
            <td data-label={created}>{n(report.created[kind] ?? 0)}</td>
            <td data-label={updated}>{n(report.updated[kind] ?? 0)}</td>
            <td data-label={t.unchanged}>{n(report.unchanged[kind] ?? 0)}</td>
            <td data-label={t.rejected}>{n(rejectedBy[kind] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every rejected row's line and reason (the first 200 of them), in the language of the page. */
export function RejectedRows({ report, csv }: { report: ImportReport; csv: boolean }) {
  const rows = report.rejected;
  const { m, tag } = useLanguage();
  const t = m.transfer;
  if (rows.length === 0) return null;
  const where = csv ? t.line : t.record;
  return (
    <>
      <h2 id="rejected-title">{csv ? t.rejectedRows : t.rejectedRecords}</h2>
      {csv && <p class="hint">{t.lineHint}</p>}
      <table class="stack" aria-labelledby="rejected-title">
        <thead>
          <tr>
            <th scope="col">{where}</th>
            <th scope="col">{t.why}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_LISTED).map((r) => (
            <tr>
              <td data-label={where}>{r.line}</td>
              <td data-label={t.why}>{textIn(r.reason, m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > MAX_LISTED && (
        <p>
          {t.andMore(count(rows.length - MAX_LISTED, tag))}{' '}
          <code>pnpm rapport import &lt;file&gt; --dry-run --json</code> {t.andMoreAfter}
        </p>
      )}
    </>
  );
}

/** Which columns of the file were read into which field, and which were ignored. */
export function ColumnsRead({ report }: { report: ImportReport }) {
  const file = report.file;
  const { m } = useLanguage();
  const t = m.transfer;
  if (!file) return null;
  return (
    <>
      <h2 id="columns-title">{t.columns}</h2>
      <table class="stack" aria-labelledby="columns-title">
        <thead>
          <tr>
            <th scope="col">{t.columnInFile}</th>
            <th scope="col">{t.readInto}</th>
          </tr>
        </thead>
        <tbody>
          {file.columns.map((c) => (
            <tr>
              <td data-label={t.column}>{c.header}</td>
              <td data-label={t.readInto}>
                {c.field === null ? <span class="muted">{t.ignored}</span> : <code>{c.field}</code>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The numbers the progress line and the polling script show, in a language (the polling request's). */
export function progressOf(upload: Upload, { m, tag }: Pick<Language, 'm' | 'tag'>) {
  const t = m.transfer;
  const p = upload.progress;
  const total = p.totalBytes ?? upload.bytes;
  const percent =
    total > 0 && p.bytesRead !== undefined ? Math.min(100, Math.round((p.bytesRead / total) * 100)) : null;
  const doing =
    upload.state === 'importing' ? (p.phase === 'checking' ? t.checkingAgain : t.importing) : t.checking;
  return {
    state: upload.state,
    done: p.done,
    percent,
    text: t.progress(doing, count(p.done, tag), upload.kind === 'csv', percent),
  };
}

/** The form labels of the Import and export page, for the error summary too. */
export const transferLabels = (m: Messages) => m.transfer.labels;

export function TransferPage({ session, errors }: { session: ConsoleSession; errors: FieldErrors }) {
  const { m } = useLanguage();
  const t = m.transfer;
  const LABELS = t.labels;
  return (
    <>
      <p>{t.intro}</p>
      <section class="panel" aria-labelledby="csv-title">
        <h2 id="csv-title">{t.csvTitle}</h2>
        <p class="hint">{t.csvHint}</p>
        <form method="post" action={CONSOLE_UPLOAD_PATH} enctype="multipart/form-data" novalidate data-upload>
          <Csrf session={session} />
          <input type="hidden" name="kind" value="csv" />
          <div class="row">
            <Select
              prefix="import"
              name="entity"
              label={LABELS.entity}
              value=""
              options={[
                ['', t.fromColumns],
                ['accounts', t.entities.accounts],
                ['contacts', t.entities.contacts],
                ['opportunities', t.entities.opportunities],
              ]}
              error={errors.entity}
            />
            <Select
              prefix="import"
              name="preset"
              label={LABELS.preset}
              value=""
              options={[['', t.fromColumns], ...PRESETS]}
              error={errors.preset}
            />
          </div>
          <div class="row">
            <Select
              prefix="import"
              name="dateOrder"
              label={LABELS.dateOrder}
              value="dmy"
              options={[
                ['dmy', t.dayFirst],
                ['mdy', t.monthFirst],
              ]}
              error={errors.dateOrder}
            />
            <Select
              prefix="import"
              name="decimal"
              label={LABELS.decimal}
              hint={t.decimalHint}
              value=""
              options={[
                ['', t.fromFile],
                ['.', t.decimalPoint],
                [',', t.decimalComma],
              ]}
              error={errors.decimal}
            />
          </div>
          <Input
            prefix="import"
            name="currency"
            label={LABELS.currency}
            hint={t.currencyHint}
            error={errors.currency}
            autocomplete="off"
          />
          <FileField prefix="import" accept=".csv,text/csv" error={errors.file} />
          <button type="submit">{t.uploadCheck}</button>
          <UploadProgress />
        </form>
      </section>
      <section class="panel" aria-labelledby="snapshot-title">
        <h2 id="snapshot-title">{t.snapshotTitle}</h2>
        <p>
          {t.snapshotFrom} <strong>{t.snapshotExport}</strong> {t.snapshotHere}{' '}
          <code>pnpm rapport export</code>
          {t.snapshotLoads} <strong>{t.snapshotEmptyOnly}</strong>
          {t.snapshotRest}
        </p>
        <p>
          <strong>{t.passwords}</strong> {t.passwordsRest}
        </p>
        <form method="post" action={CONSOLE_UPLOAD_PATH} enctype="multipart/form-data" novalidate data-upload>
          <Csrf session={session} />
          <input type="hidden" name="kind" value="snapshot" />
          <FileField prefix="snapshot" accept=".json,application/json" error={undefined} />
          <button type="submit">{t.uploadCheck}</button>
          <UploadProgress />
        </form>
      </section>
      <section class="panel" aria-labelledby="export-title">
        <h2 id="export-title">{t.exportTitle}</h2>
        <p>{t.exportAbout}</p>
        <p>
          <a class="button" href="/admin/transfer/export/rapport-export.json" download>
            {t.downloadSnapshot}
          </a>
        </p>
        <p class="hint">
          {t.exportHint} <code>pnpm rapport export</code>.
        </p>
        <h3 id="csv-files-title">{t.csvFiles}</h3>
        <ul class="columns" aria-labelledby="csv-files-title">
          {CSV_FILES.map((name) => (
            <li>
              <a href={`/admin/transfer/export/${name}.csv`} download>
                {name}.csv
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function FileField({ prefix, accept, error }: { prefix: string; accept: string; error: string | undefined }) {
  const id = fieldId(prefix, 'file');
  const { m } = useLanguage();
  return (
    <div>
      <label for={id}>{m.transfer.labels.file}</label>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{m.admin.layout.fieldError}</span>
          {error}
        </p>
      )}
      <input
        id={id}
        name="file"
        type="file"
        accept={accept}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}

/** Filled by admin.js while a file uploads; without scripts the browser shows its own progress. */
function UploadProgress() {
  return (
    <p class="upload-progress" role="status" hidden>
      <progress max={100} value={0} />
      <span />
    </p>
  );
}

export function UploadPage({ upload, session }: { upload: Upload; session: ConsoleSession }) {
  const csv = upload.kind === 'csv';
  const lang = useLanguage();
  const { m, tag } = lang;
  const t = m.transfer;
  const n = (v: number) => count(v, tag);
  const what = upload.filename ? (
    <p>
      {t.fileLine} <strong>{upload.filename}</strong> ({t.bytes(n(upload.bytes), upload.bytes === 1)}).
    </p>
  ) : null;
  if (upload.state === 'checking' || upload.state === 'importing') {
    const p = progressOf(upload, lang);
    return (
      <>
        {what}
        <div data-progress={`${uploadPath(upload)}/progress`}>
          <p role="status" aria-live="polite">
            {p.text}
          </p>
          {p.percent !== null && <progress max={100} value={p.percent} aria-label={t.progressLabel} />}
          <p class="hint">{t.updatesItself}</p>
        </div>
      </>
    );
  }
  if (upload.state === 'failed') {
    return (
      <>
        {what}
        <p role="alert" class="flash error">
          {upload.error?.(m)}
        </p>
        <p>
          <a href="/admin/transfer">{t.uploadAgain}</a>
        </p>
      </>
    );
  }
  if (upload.state === 'imported' && upload.result) {
    const r = upload.result;
    return (
      <>
        {what}
        <div class={r.applied ? 'flash' : 'flash error'} role="status">
          <p>
            {r.applied
              ? upload.skipped && r.rejected.length > 0
                ? t.importedSkipped(n(r.rejected.length), r.rejected.length === 1)
                : t.imported
              : t.nothingWritten(n(r.rejected.length), r.rejected.length === 1, csv)}{' '}
            {t.fileDeleted}
          </p>
        </div>
        <h2 id="result-title">{t.whatWasDone}</h2>
        <ReportCounts report={r} id="result-title" />
        <Notes notes={r.notes} />
        <RejectedRows report={r} csv={csv} />
        <p>
          <a href="/admin/transfer">{t.backToTransfer}</a>
        </p>
      </>
    );
  }
  const r = upload.check;
  if (!r) return null;
  const rejected = r.rejected.length;
  return (
    <>
      {what}
      {r.file && (
        <p>
          {t.readAs} <strong>{entityName(m, r.file.entity)}</strong> {t.fromA}{' '}
          <strong>{presetLabel(r.file.preset)}</strong> {t.exportWord}
        </p>
      )}
      <h2 id="check-title">{t.dryRunTitle}</h2>
      <p class="hint">{t.nothingYet}</p>
      <ReportCounts report={r} id="check-title" />
      <Notes notes={r.notes} />
      <RejectedRows report={r} csv={csv} />
      <ColumnsRead report={r} />
      <h2>{t.importTitle}</h2>
      {rejected === 0 ? (
        <form method="post" action={`${uploadPath(upload)}/apply`}>
          <Csrf session={session} />
          <p>
            {t.asChecked}
            {csv ? t.perRow : t.allOrNothing}
          </p>
          <button type="submit">{t.importSubmit}</button>
        </form>
      ) : csv ? (
        <form method="post" action={`${uploadPath(upload)}/apply`}>
          <Csrf session={session} />
          <input type="hidden" name="onErrors" value="skip" />
          <p>{t.someRejected(n(rejected), rejected === 1)}</p>
          <button type="submit">{t.importGood}</button>
        </form>
      ) : (
        <p>{t.snapshotRejected(n(rejected), rejected === 1)}</p>
      )}
      <form method="post" action={`${uploadPath(upload)}/discard`}>
        <Csrf session={session} />
        <button type="submit" class="secondary">
          {t.discard}
        </button>
      </form>
    </>
  );
}

/** The report's notes, in the language of the page (the import may have run for a request in another). */
function Notes({ notes }: { notes: Text[] | undefined }) {
  const { m } = useLanguage();
  if (!notes || notes.length === 0) return null;
  return (
    <ul class="notes">
      {notes.map((note) => (
        <li>{textIn(note, m)}</li>
      ))}
    </ul>
  );
}

const presetLabel = (preset: string) => PRESETS.find(([v]) => v === preset)?.[1] ?? preset;
const entityName = (m: Messages, entity: string) =>
  (m.transfer.entityNames as Record<string, string>)[entity] ?? entity;
