import { createHash } from 'node:crypto';

import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';
import { collectRoutes, type JsonSchema, type OpenApiDocument, openApiPath } from './document';

type T = Awaited<ReturnType<typeof testApp>>;

async function fetchDocument(t: T): Promise<OpenApiDocument> {
  const res = await t.app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as OpenApiDocument;
}

const component = (doc: OpenApiDocument, ref: unknown): JsonSchema => {
  const name = String((ref as { $ref?: string }).$ref).replace('#/components/schemas/', '');
  const schema = doc.components.schemas[name];
  if (!schema) throw new Error(`no component ${name}`);
  return schema;
};

for (const dialect of DIALECTS) {
  describe(`OpenAPI document (${dialect})`, () => {
    it('should be a valid OpenAPI 3.1 document, served without a token', async () => {
      const t = await testApp(dialect);
      const doc = await fetchDocument(t);
      const validator = new Validator();
      const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
      expect(validator.version).toBe('3.1');
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('should document every route under /api/v1 with its method and a summary', async () => {
      const t = await testApp(dialect);
      const doc = await fetchDocument(t);
      // What Hono routes, read independently of the document builder: method-specific entries under /api/v1.
      const served = new Set(
        t.app.routes
          .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
          .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
      );
      expect(served.size).toBeGreaterThan(40);
      const documented = new Set(
        Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.keys(methods).map((m) => `${m} ${path}`),
        ),
      );
      const missing = [...served].filter((route) => !documented.has(route));
      expect(missing, 'routes without documentation: add describeRoute({ summary, … })').toEqual([]);
      const unsummarised = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => op.summary.trim() === '')
          .map(([m]) => `${m} ${path}`),
      );
      expect(unsummarised, 'routes without a summary: give their describeRoute one').toEqual([]);
      expect(documented.has('get /healthz')).toBe(true);
    });

    it('should say what a route accepts, from the schemas it validates with', async () => {
      const doc = await fetchDocument(await testApp(dialect));
      const create = doc.paths['/api/v1/accounts']?.post;
      const createBody = component(doc, create?.requestBody?.content['application/json']?.schema);
      expect(createBody.required).toEqual(['name']);
      expect(createBody.properties).toMatchObject({
        tier: { enum: ['key', 'standard'], default: 'standard' },
        name: { type: 'string', minLength: 1, maxLength: 200 },
      });
      expect(create?.responses['201']?.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/Account',
      });

      const patch = doc.paths['/api/v1/accounts/{id}']?.patch;
      expect(component(doc, patch?.requestBody?.content['application/json']?.schema).required).toEqual([
        'version',
      ]);
      expect(patch?.parameters).toEqual([
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
      ]);
      expect(Object.keys(patch?.responses ?? {})).toEqual(['200', '400', '401', '403', '404', '409']);

      const list = doc.paths['/api/v1/accounts']?.get?.parameters ?? [];
      expect(list.find((p) => p.name === 'limit')).toMatchObject({
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
      });
      expect(list.find((p) => p.name === 'status')?.schema.enum).toEqual([
        'prospect',
        'customer',
        'former_customer',
      ]);
      expect(doc.paths['/api/v1/search']?.get?.parameters?.find((p) => p.name === 'q')?.required).toBe(true);

      const plan = doc.paths['/api/v1/accounts/{id}/plans/{period}']?.put;
      expect(plan?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'path:period']);
      expect(Object.keys(plan?.responses ?? {})).toEqual(expect.arrayContaining(['200', '201']));
      expect(plan?.tags).toEqual(['Account plans']);

      const error = doc.components.schemas.ApiErrorBody;
      expect(error?.required).toEqual(['error']);
      expect(
        doc.paths['/api/v1/contacts']?.post?.responses['400']?.content?.['application/json']?.schema,
      ).toEqual({ $ref: '#/components/schemas/ApiErrorBody' });
    });

    it('should mark exactly the routes that work without a token as public', async () => {
      const t = await testApp(dialect);
      const doc = await fetchDocument(t);
      const outcomes: string[] = [];
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const isPublic = op.security?.length === 0;
          const url = path.replace(/\{[^}]+\}/g, 'x');
          const res = await t.app.request(url, {
            method: method.toUpperCase(),
            headers: { 'content-type': 'application/json' },
            ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
          });
          if ((res.status === 401) === isPublic) outcomes.push(`${method} ${path}: ${res.status}`);
        }
      }
      expect(outcomes, 'documented as public but refused, or documented as secured but answered').toEqual([]);
      const publicOnes = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => op.security?.length === 0)
          .map(([m]) => `${m} ${path}`),
      );
      // The request above proves each flag; these four are public by design (more may join, e.g. accepting an invite).
      expect(publicOnes).toEqual(
        expect.arrayContaining([
          'get /api/v1/setup',
          'get /healthz',
          'post /api/v1/auth/login',
          'post /api/v1/setup',
        ]),
      );
      expect(publicOnes).not.toContain('post /api/v1/accounts');
    });

    it('should describe the bodies the routes really answer with', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const manager = await t.user('account_manager');
      const described = new Map(
        collectRoutes(t.app.routes).map((r) => [`${r.method} ${r.path}`, r.description] as const),
      );
      /** Sends a request and checks its status and body against the route's describeRoute. */
      const check = async (method: string, honoPath: string, url: string, body?: unknown) => {
        const d = described.get(`${method} ${honoPath}`);
        const res = await t.call(method, url, admin, body);
        const statuses = d?.status === undefined ? [d?.response ? 200 : 204] : [d.status].flat();
        expect(statuses, `${method} ${url} answered ${res.status}: ${JSON.stringify(res.body)}`).toContain(
          res.status,
        );
        if (d?.response) {
          const parsed = d.response.safeParse(res.body);
          expect(parsed.error?.issues, `${method} ${url}`).toBeUndefined();
        } else {
          expect(res.body).toBeNull();
        }
        return res.body as { id: string };
      };

      const account = await check('POST', '/api/v1/accounts', '/api/v1/accounts', {
        name: 'Globex',
        tier: 'key',
        ownerId: manager.id,
        domains: ['globex.example'],
      });
      const contact = await check('POST', '/api/v1/contacts', '/api/v1/contacts', {
        accountId: account.id,
        name: 'Hanna Schulz',
        emails: ['hanna@globex.example'],
        roles: ['economic_buyer'],
      });
      const opportunity = await check('POST', '/api/v1/opportunities', '/api/v1/opportunities', {
        accountId: account.id,
        title: 'Renewal',
        ownerId: manager.id,
      });
      const product = await check('POST', '/api/v1/products', '/api/v1/products', { name: 'Sensors' });
      await check('POST', '/api/v1/touches', '/api/v1/touches', { kind: 'note', contactIds: [contact.id] });
      await check('POST', '/api/v1/lookup', '/api/v1/lookup', { emails: ['hanna@globex.example'] });

      // Every GET route whose path and required query this test can fill in.
      const ids: Record<string, string> = {
        accounts: account.id,
        contacts: contact.id,
        opportunities: opportunity.id,
        products: product.id,
        users: admin.id,
      };
      const sampleQuery: Record<string, string> = { q: 'Globex' };
      const checked: string[] = [];
      for (const r of collectRoutes(t.app.routes)) {
        // Undocumented routes are the first test's business.
        if (r.method !== 'GET' || !r.description) continue;
        const resource = r.path.split('/')[3] ?? '';
        let fillable = true;
        const url = r.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
          const value = name === 'period' ? '2027' : name === 'id' ? ids[resource] : undefined;
          if (value === undefined) fillable = false;
          return value ?? '';
        });
        const query = new URLSearchParams();
        for (const v of r.validations.filter((x) => x.target === 'query')) {
          const shape =
            (v.schema as unknown as { shape?: Record<string, { isOptional(): boolean }> }).shape ?? {};
          for (const [name, field] of Object.entries(shape)) {
            if (field.isOptional()) continue;
            const sample = sampleQuery[name];
            if (sample === undefined) fillable = false;
            else query.set(name, sample);
          }
        }
        if (!fillable) continue;
        await check('GET', r.path, query.size > 0 ? `${url}?${query}` : url);
        checked.push(r.path);
      }
      expect(checked).toEqual(
        expect.arrayContaining([
          '/healthz',
          '/api/v1/me',
          '/api/v1/tokens',
          '/api/v1/settings',
          '/api/v1/users/:id',
          '/api/v1/products',
          '/api/v1/accounts',
          '/api/v1/accounts/:id/summary',
          '/api/v1/accounts/:id/plans/:period',
          '/api/v1/accounts/:id/coverage',
          '/api/v1/accounts/:id/signals',
          '/api/v1/accounts/:id/timeline',
          '/api/v1/touches',
          '/api/v1/portfolio',
          '/api/v1/contacts/:id',
          '/api/v1/opportunities',
          '/api/v1/search',
          '/api/v1/audit',
        ]),
      );
    });
  });
}

describe('API reference page', () => {
  it('should list every operation by tag, with anchors, tables and a link to the document', async () => {
    const t = await testApp('sqlite');
    const doc = await fetchDocument(t);
    const res = await t.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();

    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
    for (const landmark of ['<header>', '<nav aria-labelledby="toc">', '<main id="main">', '<footer>'])
      expect(page).toContain(landmark);
    expect(page).toContain('<a href="openapi.json">openapi.json</a>');
    for (const tag of doc.tags) expect(page).toContain(`>${tag.name}</h2>`);
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        expect(page).toContain(`<h3 id="op-${op.operationId}">`);
        expect(page).toContain(`href="#op-${op.operationId}"`);
      }
    }
    // Every in-page link has its target.
    const targets = new Set([...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const broken = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((id) => !targets.has(id));
    expect(broken).toEqual([]);

    // POST /accounts: its body's fields in a table, `name` required, with the limits a person needs.
    const section = page.slice(
      page.indexOf('<h3 id="op-postAccounts">'),
      page.indexOf('<h3 id="op-getAccountsById">'),
    );
    expect(section).toContain('Create an account');
    expect(section).toMatch(/<code>name<\/code> <span class="req">required<\/span>/);
    expect(section).toContain('one of &quot;key&quot;, &quot;standard&quot;');
    expect(section).toContain('<a href="#schema-createaccountrequest">CreateAccountRequest</a>');
  });

  it('should load nothing from elsewhere: no script, no remote resource, a CSP that allows only its own style', async () => {
    const t = await testApp('sqlite');
    const res = await t.app.request('/api/docs');
    const page = await res.text();
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//i);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(style.length).toBeGreaterThan(100);
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });
});
