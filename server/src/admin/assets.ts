/**
 * The console's only stylesheet and script, served from /admin (the CSP allows 'self' and nothing else).
 * Readable from 360 px up: tables turn into labelled rows on narrow screens, forms are one column.
 */
export const ADMIN_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #fff; --soft: #f6f8fa;
  --accent: #0969da; --danger: #cf222e; --ok: #1a7f37; --focus: #0969da; }
* { box-sizing: border-box; }
/* Each inline element is its own bidi run: an override typed into a name cannot reverse what follows. */
:where(span, strong, b, em, a, time, label, code, bdi, abbr) { unicode-bidi: isolate; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
/* Read by screen readers, not shown. */
.visually-hidden { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.skip { position: absolute; left: -10000px; top: 0; background: var(--bg); padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; top: .5rem; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 1rem;
  border-bottom: 1px solid var(--line); background: var(--soft); }
header.top .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
nav a[aria-current="page"] { font-weight: 700; color: var(--fg); }
header.top .who { margin-left: auto; display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
label, .label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
.hint { color: var(--muted); font-size: .9rem; margin: 0 0 .25rem; }
input, select, textarea { font: inherit; padding: .45rem .6rem; border: 1px solid #8c959f; border-radius: 6px;
  width: 100%; max-width: 32rem; background: var(--bg); color: var(--fg); }
textarea { min-height: 7rem; }
input[type="checkbox"] { width: auto; }
input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border: 2px solid var(--danger); }
.field-error { color: var(--danger); font-weight: 600; margin: .25rem 0; }
button, .button { display: inline-block; font: inherit; padding: .5rem 1rem; margin-top: 1rem; border-radius: 6px;
  border: 1px solid #1f6feb; background: #1f6feb; color: #fff; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: var(--bg); color: var(--accent); }
button.danger { background: var(--danger); border-color: var(--danger); }
button.link { background: none; border: 0; color: var(--accent); padding: 0; margin: 0; text-decoration: underline; }
footer.bottom { max-width: 64rem; margin: 2rem auto 0; padding: 1rem; border-top: 1px solid var(--line); }
form.language { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; color: var(--muted); }
form.language button[aria-pressed="true"] { color: var(--fg); font-weight: 700; text-decoration: none; cursor: default; }
.error-summary { border: 3px solid var(--danger); padding: .75rem 1rem; margin: 0 0 1rem; border-radius: 6px; }
.error-summary h2 { margin: 0 0 .5rem; font-size: 1.1rem; }
.flash { border-left: 6px solid var(--ok); background: #dafbe1; padding: .75rem 1rem; margin: 0 0 1rem; }
.flash.error { border-color: var(--danger); background: #ffebe9; }
.secret { border: 2px solid var(--accent); padding: .75rem 1rem; margin: 0 0 1rem; border-radius: 6px; background: var(--soft); }
.secret input { font-family: ui-monospace, monospace; max-width: 100%; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: 0 1rem 1rem; margin: 1rem 0; }
.row { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; }
.row > div { flex: 1 1 12rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); }
td code, dd code, pre { font-family: ui-monospace, monospace; font-size: .9rem; word-break: break-all; }
pre { white-space: pre-wrap; background: var(--soft); padding: .75rem; border-radius: 6px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.muted { color: var(--muted); }
.diff td:first-child { font-weight: 600; }
.diff del { background: #ffebe9; text-decoration: line-through; } .diff ins { background: #dafbe1; text-decoration: none; }
.entry { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: .75rem 0; }
.entry h3 { font-size: 1rem; margin: .25rem 0; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
progress { width: 100%; max-width: 32rem; height: 1rem; }
.upload-progress { margin: .75rem 0 0; } .upload-progress span { display: block; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.columns { columns: 14rem; margin: .5rem 0; padding-left: 1.25rem; }
input[type="file"] { padding: .3rem; }
@media (max-width: 40rem) {
  table.stack thead { position: absolute; left: -10000px; }
  table.stack tr { display: block; border-bottom: 2px solid var(--line); padding: .25rem 0; }
  table.stack td { display: grid; grid-template-columns: 8rem 1fr; gap: .5rem; border: 0; padding: .2rem .25rem; }
  table.stack td::before { content: attr(data-label); font-weight: 600; }
  header.top .who { margin-left: 0; }
}
`;

/**
 * Progressive enhancement only: "Copy" buttons next to shown-once secrets (the field stays selectable); upload
 * forms that show how much of the file went up; import pages that follow the server's work and reload when it
 * is done (without scripts they reload every few seconds by themselves).
 */
export const ADMIN_JS = `
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const field = document.getElementById(button.dataset.copy);
    if (!field) return;
    field.select();
    try { await navigator.clipboard.writeText(field.value); button.textContent = 'Copied'; }
    catch { button.textContent = 'Press Ctrl+C (or Cmd+C) to copy'; }
  });
}
for (const form of document.querySelectorAll('form[data-upload]')) {
  form.addEventListener('submit', (event) => {
    const file = form.querySelector('input[type=file]');
    if (!file || !file.files || file.files.length === 0) return;
    event.preventDefault();
    const status = form.querySelector('.upload-progress');
    const bar = status.querySelector('progress');
    const text = status.querySelector('span');
    const button = form.querySelector('button[type=submit]');
    status.hidden = false;
    button.disabled = true;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const pct = Math.round((e.loaded / e.total) * 100);
      bar.value = pct;
      text.textContent = pct < 100 ? 'Uploading: ' + pct + '%' : 'Uploaded; checking the file…';
    });
    xhr.addEventListener('load', () => {
      if (xhr.status < 400 && xhr.responseURL) { location.assign(xhr.responseURL); return; }
      // reviewed-html: this server's own error page for the upload (escaped when rendered), shown in place
      const page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      document.title = page.title;
      document.body.replaceWith(page.body);
      document.querySelector('[autofocus]')?.focus();
    });
    xhr.addEventListener('error', () => {
      button.disabled = false;
      text.textContent = 'The upload failed (the connection broke). Try again.';
    });
    xhr.send(new FormData(form));
  });
}
const watched = document.querySelector('[data-progress]');
if (watched) {
  const line = watched.querySelector('[role=status]');
  const bar = watched.querySelector('progress');
  const poll = async () => {
    try {
      const res = await fetch(watched.dataset.progress, { credentials: 'same-origin' });
      const p = await res.json();
      if (p.state !== 'checking' && p.state !== 'importing') { location.reload(); return; }
      line.textContent = p.text;
      if (bar && p.percent !== null) bar.value = p.percent;
    } catch {}
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
`;
