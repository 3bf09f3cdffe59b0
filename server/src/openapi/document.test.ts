import { zAccount, zCreateAccountRequest, zDeleteQuery, zPage } from '@rapport/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { validate } from '../lib/validate';
import { describeRoute } from './describe';
import { buildOpenApiDocument, collectRoutes, openApiPath } from './document';

/** A small app shaped like ours: a sub-app per resource, middleware, one route without documentation. */
function miniApp() {
  const things = new Hono()
    .get('/', describeRoute({ summary: 'List accounts', response: zPage(zAccount) }), (c) => c.json({}))
    .post(
      '/',
      describeRoute({ summary: 'Create one', response: zAccount, status: 201, errors: [409] }),
      validate('json', zCreateAccountRequest),
      (c) => c.json({}, 201),
    )
    .delete('/:id', validate('query', zDeleteQuery), (c) => c.body(null, 204));
  // A sub-app with its own error handler: Hono wraps its handlers, the document must still read them.
  const wrapped = new Hono()
    .onError((_err, c) => c.text('oops', 500))
    .put(
      '/:id/parts/:part{[0-9]+}',
      describeRoute({ summary: 'Replace a part', tag: 'Parts', public: true }),
      validate('json', z.object({ size: z.number().int().min(1) })),
      (c) => c.body(null, 204),
    );
  const api = new Hono();
  api.use('*', async (_c, next) => next());
  api.route('/accounts', things);
  api.route('/accounts', wrapped);
  const app = new Hono();
  app.route('/api/v1', api);
  app.get('/elsewhere', (c) => c.text('not documented'));
  return app;
}

describe('openApiPath', () => {
  it.each([
    ['/api/v1/accounts', '/api/v1/accounts'],
    ['/api/v1/accounts/:id', '/api/v1/accounts/{id}'],
    ['/api/v1/accounts/:id/plans/:period', '/api/v1/accounts/{id}/plans/{period}'],
    ['/x/:part{[0-9]+}/y', '/x/{part}/y'],
  ])('should turn %s into %s', (hono, openapi) => {
    expect(openApiPath(hono)).toBe(openapi);
  });
});

describe('collectRoutes', () => {
  it('should gather every handler of a method and path, skip middleware and undocumented paths elsewhere', () => {
    const routes = collectRoutes(miniApp().routes);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/accounts',
      'POST /api/v1/accounts',
      'DELETE /api/v1/accounts/:id',
      'PUT /api/v1/accounts/:id/parts/:part{[0-9]+}',
    ]);
    const post = routes[1];
    expect(post?.description?.summary).toBe('Create one');
    expect(post?.validations).toEqual([{ target: 'json', schema: zCreateAccountRequest }]);
    expect(routes[3]?.description?.summary).toBe('Replace a part');
    expect(routes[3]?.validations).toHaveLength(1);
  });
});

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument(miniApp().routes);

  it('should name shared schemas after their export and refer to them', () => {
    const post = doc.paths['/api/v1/accounts']?.post;
    expect(post?.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CreateAccountRequest',
    });
    expect(doc.components.schemas.AccountPage?.properties).toMatchObject({
      items: { type: 'array', items: { $ref: '#/components/schemas/Account' } },
    });
    expect(doc.components.schemas.Account?.required).toContain('domains');
    expect(JSON.stringify(doc.components.schemas)).not.toContain('"$schema"');
  });

  it('should add the error responses a route can give', () => {
    expect(Object.keys(doc.paths['/api/v1/accounts']?.post?.responses ?? {})).toEqual([
      '201',
      '400',
      '401',
      '409',
    ]);
    // No describeRoute: the route is still there, with an empty summary the route test reports.
    const del = doc.paths['/api/v1/accounts/{id}']?.delete;
    expect(del?.summary).toBe('');
    expect(Object.keys(del?.responses ?? {})).toEqual(['204', '400', '401', '404']);
    expect(del?.parameters?.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:id:true',
      'query:version:false',
    ]);
  });

  it('should read routes of a sub-app with its own error handler, with path patterns and public access', () => {
    const put = doc.paths['/api/v1/accounts/{id}/parts/{part}']?.put;
    expect(put?.tags).toEqual(['Parts']);
    expect(put?.security).toEqual([]);
    expect(Object.keys(put?.responses ?? {})).toEqual(['204', '400', '404']);
    const body = put?.requestBody?.content['application/json']?.schema ?? {};
    const name = String(body.$ref).split('/').at(-1) ?? '';
    expect(name).toBe('PutAccountsByIdPartsByPartRequest');
    expect(doc.components.schemas[name]).toMatchObject({
      properties: { size: { type: 'integer', minimum: 1 } },
      required: ['size'],
    });
    expect(doc.tags.map((t) => t.name)).toEqual(['Accounts', 'Parts']);
  });
});
