/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { CSV_FILES } from '../../transfer/export-spec';
import type { ImportReport } from '../../transfer/report';
import type { FieldErrors } from '../forms';
import { Csrf, fieldId, Input, Select } from '../layout';
import type { ConsoleSession } from '../session';
import { CONSOLE_UPLOAD_PATH, type Upload } from '../uploads';

export const LABELS = {
  file: 'File',
  kind: 'What to import',
  entity: 'What the file holds',
  preset: 'Exported from',
  dateOrder: 'Dates such as 03/04/2026 are',
  decimal: 'Amounts are written as',
  currency: 'Currency of amounts that name none',
};

const ENTITY_OPTIONS: [string, string][] = [
  ['', 'Tell from the columns'],
  ['accounts', 'Accounts (companies)'],
  ['contacts', 'Contacts'],
  ['opportunities', 'Opportunities (deals)'],
];
const PRESET_OPTIONS: [string, string][] = [
  ['', 'Tell from the columns'],
  ['hubspot', 'HubSpot'],
  ['salesforce', 'Salesforce'],
  ['rapport', 'Rapport'],
];
const DATE_OPTIONS: [string, string][] = [
  ['dmy', 'Day first: 3 April 2026'],
  ['mdy', 'Month first: March 4, 2026'],
];
const DECIMAL_OPTIONS: [string, string][] = [
  ['', 'Tell from the file'],
  ['.', '1,234.56 (decimal point)'],
  [',', '1.234,56 (decimal comma)'],
];

export const uploadPath = (upload: Pick<Upload, 'id'>) => `/admin/transfer/uploads/${upload.id}`;
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Rejected rows listed on a page; the rest are counted (the CLI's `--json` lists them all). */
const MAX_LISTED = 200;

const n = (v: number) => v.toLocaleString('en-US');

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
  return (
    <table class="stack" aria-labelledby={id}>
      <thead>
        <tr>
          <th scope="col">Records</th>
          <th scope="col">{would ? 'Would be created' : 'Created'}</th>
          <th scope="col">{would ? 'Would be updated' : 'Updated'}</th>
          <th scope="col">Unchanged</th>
          <th scope="col">Rejected</th>
        </tr>
      </thead>
      <tbody>
        {kinds.map((kind) => (
          <tr>
            <td data-label="Records">{kind}</td>
            <td data-label={would ? 'Would be created' : 'Created'}>{n(report.created[kind] ?? 0)}</td>
            <td data-label={would ? 'Would be updated' : 'Updated'}>{n(report.updated[kind] ?? 0)}</td>
            <td data-label="Unchanged">{n(report.unchanged[kind] ?? 0)}</td>
            <td data-label="Rejected">{n(rejectedBy[kind] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every rejected row's line and reason (the first 200 of them). */
export function RejectedRows({ report, csv }: { report: ImportReport; csv: boolean }) {
  const rows = report.rejected;
  if (rows.length === 0) return null;
  return (
    <>
      <h2 id="rejected-title">Rejected {csv ? 'rows' : 'records'}</h2>
      {csv && <p class="hint">Line numbers count the header as line 1, as a spreadsheet does.</p>}
      <table class="stack" aria-labelledby="rejected-title">
        <thead>
          <tr>
            <th scope="col">{csv ? 'Line' : 'Record'}</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_LISTED).map((r) => (
            <tr>
              <td data-label={csv ? 'Line' : 'Record'}>{r.line}</td>
              <td data-label="Why">{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > MAX_LISTED && (
        <p>
          and {n(rows.length - MAX_LISTED)} more. Fix these first, or import the file from a terminal with{' '}
          <code>pnpm rapport import &lt;file&gt; --dry-run --json</code> to list them all.
        </p>
      )}
    </>
  );
}

/** Which columns of the file were read into which field, and which were ignored. */
export function ColumnsRead({ report }: { report: ImportReport }) {
  const file = report.file;
  if (!file) return null;
  return (
    <>
      <h2 id="columns-title">Columns</h2>
      <table class="stack" aria-labelledby="columns-title">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Read into</th>
          </tr>
        </thead>
        <tbody>
          {file.columns.map((c) => (
            <tr>
              <td data-label="Column">{c.header}</td>
              <td data-label="Read into">
                {c.field === null ? <span class="muted">ignored</span> : <code>{c.field}</code>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The numbers the progress line and the polling script show. */
export function progressOf(upload: Upload) {
  const p = upload.progress;
  const total = p.totalBytes ?? upload.bytes;
  const percent =
    total > 0 && p.bytesRead !== undefined ? Math.min(100, Math.round((p.bytesRead / total) * 100)) : null;
  const what = upload.kind === 'csv' ? 'rows' : 'records';
  const doing =
    upload.state === 'importing'
      ? p.phase === 'checking'
        ? 'Checking every row again before writing'
        : 'Importing'
      : 'Checking the file (a dry run: nothing is written)';
  return {
    state: upload.state,
    done: p.done,
    percent,
    text: `${doing}: ${n(p.done)} ${what} so far${percent === null ? '' : ` (${percent}% of the file)`}.`,
  };
}

export function TransferPage({ session, errors }: { session: ConsoleSession; errors: FieldErrors }) {
  return (
    <>
      <p>
        Bring records in from a CSV export of HubSpot, Salesforce or Rapport, move a whole server with a JSON
        snapshot, and download everything. Every import starts with a dry run that writes nothing.
      </p>
      <section class="panel" aria-labelledby="csv-title">
        <h2 id="csv-title">Import a CSV file</h2>
        <p class="hint">
          Accounts, contacts or opportunities. Rows match existing records by their id in the other system,
          domain, email or LinkedIn address, so importing the same file again changes nothing.
        </p>
        <form method="post" action={CONSOLE_UPLOAD_PATH} enctype="multipart/form-data" novalidate data-upload>
          <Csrf session={session} />
          <input type="hidden" name="kind" value="csv" />
          <div class="row">
            <Select
              prefix="import"
              name="entity"
              label={LABELS.entity}
              value=""
              options={ENTITY_OPTIONS}
              error={errors.entity}
            />
            <Select
              prefix="import"
              name="preset"
              label={LABELS.preset}
              value=""
              options={PRESET_OPTIONS}
              error={errors.preset}
            />
          </div>
          <div class="row">
            <Select
              prefix="import"
              name="dateOrder"
              label={LABELS.dateOrder}
              value="dmy"
              options={DATE_OPTIONS}
              error={errors.dateOrder}
            />
            <Select
              prefix="import"
              name="decimal"
              label={LABELS.decimal}
              hint="By default a decimal comma in files separated by semicolons, else a decimal point."
              value=""
              options={DECIMAL_OPTIONS}
              error={errors.decimal}
            />
          </div>
          <Input
            prefix="import"
            name="currency"
            label={LABELS.currency}
            hint="An ISO 4217 code such as EUR; empty: the default currency in Settings."
            error={errors.currency}
            autocomplete="off"
          />
          <FileField prefix="import" accept=".csv,text/csv" error={errors.file} />
          <button type="submit">Upload and check (dry run)</button>
          <UploadProgress />
        </form>
      </section>
      <section class="panel" aria-labelledby="snapshot-title">
        <h2 id="snapshot-title">Import a JSON snapshot</h2>
        <p>
          A snapshot from <strong>Export</strong> (here or <code>pnpm rapport export</code>) loads everything,
          with its ids and history, <strong>into an empty server only</strong>: no accounts, contacts,
          opportunities, plans or touches yet, and no user but you. To add records to a server with data,
          import CSV files instead.
        </p>
        <p>
          <strong>Passwords:</strong> a snapshot holds none. You keep yours (if the snapshot has a user with
          your email, you become that user); everyone else needs a password reset link from the Users page
          before they can sign in.
        </p>
        <form method="post" action={CONSOLE_UPLOAD_PATH} enctype="multipart/form-data" novalidate data-upload>
          <Csrf session={session} />
          <input type="hidden" name="kind" value="snapshot" />
          <FileField prefix="snapshot" accept=".json,application/json" error={undefined} />
          <button type="submit">Upload and check (dry run)</button>
          <UploadProgress />
        </form>
      </section>
      <section class="panel" aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <p>
          Everything the server holds, users without passwords or tokens. Each download is in the audit log.
        </p>
        <p>
          <a class="button" href="/admin/transfer/export/rapport-export.json" download>
            Download the JSON snapshot
          </a>
        </p>
        <p class="hint">
          For another Rapport server. The same as <code>pnpm rapport export</code>.
        </p>
        <h3 id="csv-files-title">CSV files, one per table</h3>
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
  return (
    <div>
      <label for={id}>{LABELS.file}</label>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
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
  const what = upload.filename ? (
    <p>
      File <strong>{upload.filename}</strong> ({plural(upload.bytes, 'byte')}).
    </p>
  ) : null;
  if (upload.state === 'checking' || upload.state === 'importing') {
    const p = progressOf(upload);
    return (
      <>
        {what}
        <div data-progress={`${uploadPath(upload)}/progress`}>
          <p role="status" aria-live="polite">
            {p.text}
          </p>
          {p.percent !== null && <progress max={100} value={p.percent} aria-label="Progress" />}
          <p class="hint">This page updates by itself; you may leave it and come back.</p>
        </div>
      </>
    );
  }
  if (upload.state === 'failed') {
    return (
      <>
        {what}
        <p role="alert" class="flash error">
          {upload.error}
        </p>
        <p>
          <a href="/admin/transfer">Upload a file again</a>
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
                ? `Imported: the good rows were written, ${plural(r.rejected.length, 'rejected row was', 'rejected rows were')} skipped.`
                : 'Imported.'
              : `Nothing was written: ${plural(r.rejected.length, csv ? 'row is' : 'record is', csv ? 'rows are' : 'records are')} rejected now.`}{' '}
            The file was deleted from the server.
          </p>
        </div>
        <h2 id="result-title">What was done</h2>
        <ReportCounts report={r} id="result-title" />
        <Notes notes={r.notes} />
        <RejectedRows report={r} csv={csv} />
        <p>
          <a href="/admin/transfer">Back to Import and export</a>
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
          Read as <strong>{r.file.entity}</strong> from a <strong>{presetLabel(r.file.preset)}</strong>{' '}
          export.
        </p>
      )}
      <h2 id="check-title">Dry run: what the import would do</h2>
      <p class="hint">Nothing has been written yet.</p>
      <ReportCounts report={r} id="check-title" />
      <Notes notes={r.notes} />
      <RejectedRows report={r} csv={csv} />
      <ColumnsRead report={r} />
      <h2>Import</h2>
      {rejected === 0 ? (
        <form method="post" action={`${uploadPath(upload)}/apply`}>
          <Csrf session={session} />
          <p>
            Import this file as checked.
            {csv
              ? ' Each row is written with its audit entry; a row that fails is left out whole.'
              : ' All or nothing.'}
          </p>
          <button type="submit">Import</button>
        </form>
      ) : csv ? (
        <form method="post" action={`${uploadPath(upload)}/apply`}>
          <Csrf session={session} />
          <input type="hidden" name="onErrors" value="skip" />
          <p>
            {plural(rejected, 'row is', 'rows are')} rejected. Fix the file and upload it again, or import the
            other rows now and the fixed rows later (rows imported already then count as unchanged).
          </p>
          <button type="submit">Import the good rows, skip the rejected</button>
        </form>
      ) : (
        <p>
          A snapshot is imported all or nothing: with {plural(rejected, 'rejected record')} it cannot be
          imported.
        </p>
      )}
      <form method="post" action={`${uploadPath(upload)}/discard`}>
        <Csrf session={session} />
        <button type="submit" class="secondary">
          Cancel and delete the file
        </button>
      </form>
    </>
  );
}

function Notes({ notes }: { notes: string[] | undefined }) {
  if (!notes || notes.length === 0) return null;
  return (
    <ul class="notes">
      {notes.map((note) => (
        <li>{note}</li>
      ))}
    </ul>
  );
}

const presetLabel = (preset: string) => PRESET_OPTIONS.find(([v]) => v === preset)?.[1] ?? preset;
