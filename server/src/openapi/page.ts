import { html, raw } from 'hono/html';

import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter } from './document';

type Html = ReturnType<typeof html>;

const REF_PREFIX = '#/components/schemas/';
/** Nested objects are shown as `a.b.c` rows down to this depth; deeper ones are a single `object` row. */
const MAX_DEPTH = 4;

interface FieldRow {
  name: string;
  type: Html;
  required: boolean;
  notes: string[];
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Text with `code` spans, escaped. */
function prose(text: string): Html[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : html`${part}`));
}

const refName = (s: JsonSchema) =>
  typeof s.$ref === 'string' && s.$ref.startsWith(REF_PREFIX) ? s.$ref.slice(REF_PREFIX.length) : null;

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

function variants(s: JsonSchema): JsonSchema[] | null {
  const list = s.anyOf ?? s.oneOf;
  return Array.isArray(list) ? list.filter(isObject) : null;
}

/** `string`, `integer or null`, `array of Account`, … with links to named schemas. */
function typeOf(s: JsonSchema): Html {
  const name = refName(s);
  if (name) return html`<a href="#schema-${slug(name)}">${name}</a>`;
  const options = variants(s);
  if (options) return join(options.map(typeOf), ' or ');
  if (s.const !== undefined) return html`<code>${JSON.stringify(s.const)}</code>`;
  const types = (Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type]) as string[];
  if (types.length === 0) return html`any`;
  return join(
    types.map((t) => {
      if (t === 'array') {
        if (!isObject(s.items)) return html`array of any`;
        return variants(s.items) ? html`array of (${typeOf(s.items)})` : html`array of ${typeOf(s.items)}`;
      }
      if (t === 'string' && typeof s.format === 'string') return html`string (${s.format})`;
      return html`${t}`;
    }),
    ' or ',
  );
}

function join(parts: Html[], separator: string | Html): Html {
  return html`${parts.map((p, i) => (i === 0 ? p : html`${separator}${p}`))}`;
}

/**
 * What a reader needs of a field: allowed values, defaults and, with `limits` (requests), lengths and ranges.
 * An answer's limits are noise: an id's pattern tells a client nothing it can act on.
 */
function notesOf(s: JsonSchema, limits = true): string[] {
  const notes: string[] = [];
  const inner = variants(s) ?? [s];
  for (const v of inner) {
    if (Array.isArray(v.enum)) notes.push(`one of ${v.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    if (isObject(v.items) && Array.isArray(v.items.enum))
      notes.push(`each one of ${v.items.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    if (!limits) continue;
    if (v.minLength === 1) notes.push('not empty');
    else if (typeof v.minLength === 'number' && v.minLength > 1)
      notes.push(`at least ${v.minLength} characters`);
    if (typeof v.maxLength === 'number') notes.push(`at most ${v.maxLength} characters`);
    if (typeof v.minimum === 'number' && v.minimum > Number.MIN_SAFE_INTEGER) notes.push(`≥ ${v.minimum}`);
    if (typeof v.maximum === 'number' && v.maximum < Number.MAX_SAFE_INTEGER) notes.push(`≤ ${v.maximum}`);
    if (typeof v.maxItems === 'number') notes.push(`at most ${v.maxItems} items`);
    if (typeof v.pattern === 'string' && typeof v.format !== 'string' && v.pattern.length <= 40)
      notes.push(`matches ${v.pattern}`);
  }
  if (s.default !== undefined) notes.push(`default ${JSON.stringify(s.default)}`);
  if (typeof s.description === 'string') notes.unshift(s.description);
  return [...new Set(notes)];
}

/** The object inside a schema that a table can list: itself, the non-null branch, or an array's items. */
function objectOf(s: JsonSchema): { schema: JsonSchema; suffix: string } | null {
  if (refName(s)) return null;
  if (isObject(s.properties)) return { schema: s, suffix: '' };
  const options = variants(s)?.filter((v) => v.type !== 'null');
  if (options?.length === 1 && options[0]) return objectOf(options[0]);
  if (s.type === 'array' && isObject(s.items)) {
    const inner = objectOf(s.items);
    return inner ? { schema: inner.schema, suffix: `[]${inner.suffix}` } : null;
  }
  return null;
}

/** The object variants of a union (or of an array's items) that rows can list, one set of rows each. */
function unionOf(s: JsonSchema): { variants: JsonSchema[]; suffix: string } | null {
  if (s.type === 'array' && isObject(s.items)) {
    const inner = unionOf(s.items);
    return inner ? { variants: inner.variants, suffix: `[]${inner.suffix}` } : null;
  }
  const options = variants(s)?.filter((v) => v.type !== 'null');
  return options && options.length > 1 && options.every((v) => isObject(v.properties))
    ? { variants: options, suffix: '' }
    : null;
}

function fieldsOf(s: JsonSchema, limits: boolean, prefix = '', depth = 0): FieldRow[] {
  const properties = isObject(s.properties) ? s.properties : {};
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    if (!isObject(raw)) continue;
    const full = `${prefix}${name}`;
    rows.push({ name: full, type: typeOf(raw), required: required.has(name), notes: notesOf(raw, limits) });
    if (depth + 1 >= MAX_DEPTH) continue;
    const nested = objectOf(raw);
    if (nested) rows.push(...fieldsOf(nested.schema, limits, `${full}${nested.suffix}.`, depth + 1));
    const union = unionOf(raw);
    union?.variants.forEach((v, i) => {
      const tag = Object.entries(isObject(v.properties) ? v.properties : {}).find(
        ([, p]) => isObject(p) && p.const !== undefined,
      );
      const when = tag
        ? `when \`${tag[0]}\` is ${JSON.stringify((tag[1] as JsonSchema).const)}`
        : `variant ${i + 1}`;
      for (const row of fieldsOf(v, limits, `${full}${union.suffix}.`, depth + 1))
        rows.push({ ...row, notes: [when, ...row.notes] });
    });
  }
  return rows;
}

/** `actions[].dueDate` may wrap after each dot on a narrow screen, not inside a word. */
const breakable = (name: string) =>
  join(
    name.split('.').map((part) => html`${part}`),
    // reviewed-html: a constant line-break hint between escaped parts
    raw('.<wbr>'),
  );

function fieldTable(rows: FieldRow[], caption: string): Html {
  if (rows.length === 0) return html`<p>No fields.</p>`;
  return html`<div class="scroll" role="region" aria-label="${caption}" tabindex="0">
    <table>
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr><th scope="col">field</th><th scope="col">type</th><th scope="col">notes</th></tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr>
            <th scope="row"><code>${breakable(r.name)}</code>${r.required ? html` <span class="req">required</span>` : ''}</th>
            <td>${r.type}</td>
            <td>${join(
              r.notes.map((n) => html`${prose(n)}`),
              '; ',
            )}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A body's fields: a named schema is listed through its component; a union lists each variant. */
function bodyFields(doc: OpenApiDocument, schema: JsonSchema, caption: string, limits = true): Html {
  const name = refName(schema);
  const resolved = name ? doc.components.schemas[name] : schema;
  if (!resolved) return html``;
  const options = variants(resolved);
  if (options && !isObject(resolved.properties)) {
    return html`${options.map((v, i) => {
      const vName = refName(v);
      const target = vName ? (doc.components.schemas[vName] ?? v) : v;
      return html`<p>Variant ${i + 1}${vName ? html`, ${typeOf(v)}` : ''}:</p>
        ${fieldTable(fieldsOf(target, limits), `${caption}, variant ${i + 1}`)}`;
    })}`;
  }
  const object = objectOf(resolved);
  if (!object) return html`<p>${typeOf(resolved)}</p>`;
  const rows = fieldsOf(object.schema, limits, object.suffix ? `${object.suffix}.` : '');
  return fieldTable(rows, caption);
}

function parameterTable(params: OpenApiParameter[], caption: string): Html {
  return html`<div class="scroll" role="region" aria-label="${caption}" tabindex="0">
    <table>
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr><th scope="col">name</th><th scope="col">type</th><th scope="col">notes</th></tr></thead>
      <tbody>
        ${params.map(
          (p) => html`<tr>
            <th scope="row"><code>${p.name}</code> <span class="in">${p.in}</span>${p.required ? html` <span class="req">required</span>` : ''}</th>
            <td>${typeOf(p.schema)}</td>
            <td>${join(
              [...(p.description ? [p.description] : []), ...notesOf(p.schema)].map((n) => html`${prose(n)}`),
              '; ',
            )}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function operationSection(doc: OpenApiDocument, method: string, path: string, op: OpenApiOperation): Html {
  const id = `op-${op.operationId}`;
  const label = `${method.toUpperCase()} ${path}`;
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  const responses = Object.entries(op.responses);
  const success = responses.filter(([status]) => status.startsWith('2'));
  const successBody = success
    .map(([, r]) => (r.content ? Object.entries(r.content)[0] : undefined))
    .find(Boolean);
  return html`<section class="op" aria-labelledby="${id}">
    <h3 id="${id}"><span class="method m-${method}">${method.toUpperCase()}</span> <code class="path">${path}</code></h3>
    <p class="summary">${prose(op.summary)}</p>
    ${op.description ? html`<p>${prose(op.description)}</p>` : ''}
    <p class="auth">${op.security?.length === 0 ? 'No sign-in needed.' : html`Needs <code>Authorization: Bearer &lt;token&gt;</code>.`}</p>
    ${op.parameters?.length ? html`<h4>Parameters</h4>${parameterTable(op.parameters, `Parameters of ${label}`)}` : ''}
    ${
      body
        ? html`<h4>Request body</h4>
          <p><code>${body[0]}</code>${refName(body[1].schema) ? html`, ${typeOf(body[1].schema)}` : ''}</p>
          ${bodyFields(doc, body[1].schema, `Request body of ${label}`)}`
        : ''
    }
    <h4>Responses</h4>
    <div class="scroll" role="region" aria-label="Responses of ${label}" tabindex="0">
      <table>
        <caption class="visually-hidden">Responses of ${label}</caption>
        <thead><tr><th scope="col">status</th><th scope="col">meaning</th><th scope="col">body</th></tr></thead>
        <tbody>
          ${responses.map(([status, r]) => {
            const media = r.content ? Object.entries(r.content)[0] : undefined;
            return html`<tr><th scope="row">${status}</th><td>${prose(r.description)}</td><td>${media ? typeOf(media[1].schema) : 'none'}</td></tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${successBody ? html`<h4>Response fields</h4>${bodyFields(doc, successBody[1].schema, `Response of ${label}`, false)}` : ''}
  </section>`;
}

/** The page's only style; `/api/docs` allows exactly this inline style by its hash. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa; --link: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --code: #151b23; --link: #4493f8; } }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header, nav, main, footer { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
a { color: var(--link); } a:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
h1 { margin: 1.5rem 0 0.5rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
h3 { margin: 2rem 0 0.25rem; font-size: 1.1rem; overflow-wrap: anywhere; } h4 { margin: 1rem 0 0.25rem; font-size: 1rem; }
.op { border-top: 1px solid var(--line); }
.method { display: inline-block; min-width: 4.2rem; text-align: center; font: 700 0.8rem/1.6 ui-monospace, monospace; border-radius: 4px; padding: 0 0.3rem; color: #fff; background: #59636e; }
.m-get { background: #0550ae; } .m-post { background: #116329; } .m-patch, .m-put { background: #7d4e00; } .m-delete { background: #a40e26; }
.summary { font-weight: 600; margin: 0.25rem 0; } .auth { color: var(--muted); margin: 0.25rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
thead th { color: var(--muted); font-weight: 600; } tbody th { font-weight: 400; }
tbody th code { white-space: nowrap; } .req, .in { display: inline-block; font-size: 0.75rem; color: var(--muted); }
.req { font-weight: 600; }
nav ul { padding-left: 1.2rem; } nav li { margin: 0.15rem 0; } nav .method { min-width: 3.6rem; font-size: 0.7rem; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem; z-index: 1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
footer { color: var(--muted); margin: 3rem auto 2rem; }
@media (max-width: 40rem) { body { font-size: 15px; } th, td { padding: 0.3rem 0.25rem; } tbody th code { white-space: normal; overflow-wrap: normal; } }
`;

/**
 * The API reference page (`/api/docs`) for an OpenAPI document: one section per tag, one per operation, with
 * parameters and fields in tables. Plain HTML and inline CSS: no script, no font, nothing fetched elsewhere.
 * @example c.html(referencePage(buildOpenApiDocument(app.routes)))
 */
export function referencePage(doc: OpenApiDocument): Html {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const groups = doc.tags.map((tag) => ({
    tag,
    id: `tag-${slug(tag.name)}`,
    operations: operations.filter((o) => o.op.tags.includes(tag.name)),
  }));
  const schemas = Object.keys(doc.components.schemas);
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${doc.info.title} reference</title>
    <!-- reviewed-html: STYLE is this file's constant stylesheet, allowed by its hash in the CSP -->
    <style>${raw(STYLE)}</style>
  </head>
  <body>
    <a class="skip" href="#main">Skip to the reference</a>
    <header>
      <h1>${doc.info.title} reference</h1>
      <p>${prose(doc.info.description)}</p>
      <p>Version ${doc.info.version}. The same in machine-readable form:
        <a href="openapi.json">openapi.json</a> (OpenAPI ${doc.openapi}), for client generators and API tools.</p>
    </header>
    <nav aria-labelledby="toc">
      <h2 id="toc">Contents</h2>
      <ul>
        ${groups.map(
          (g) => html`<li><a href="#${g.id}">${g.tag.name}</a>
            <ul>
              ${g.operations.map(
                (o) =>
                  html`<li><a href="#op-${o.op.operationId}"><span class="method m-${o.method}">${o.method.toUpperCase()}</span> <code>${o.path}</code></a> ${prose(o.op.summary)}</li>`,
              )}
            </ul>
          </li>`,
        )}
        <li><a href="#schemas">Schemas</a></li>
      </ul>
    </nav>
    <main id="main">
      ${groups.map(
        (g) => html`<section aria-labelledby="${g.id}">
          <h2 id="${g.id}">${g.tag.name}</h2>
          ${g.tag.description ? html`<p>${prose(g.tag.description)}</p>` : ''}
          ${g.operations.map((o) => operationSection(doc, o.method, o.path, o.op))}
        </section>`,
      )}
      <section aria-labelledby="schemas">
        <h2 id="schemas">Schemas</h2>
        <p>Every named shape of the bodies above, including those used inside others.</p>
        ${schemas.map((name) => {
          const s = doc.components.schemas[name] ?? {};
          return html`<section aria-labelledby="schema-${slug(name)}">
            <h3 id="schema-${slug(name)}">${name}</h3>
            ${bodyFields(doc, s, `Fields of ${name}`)}
          </section>`;
        })}
      </section>
    </main>
    <footer><p>Generated by this server from the schemas its routes validate with.</p></footer>
  </body>
</html>`;
}
