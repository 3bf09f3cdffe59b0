import { createHash } from 'node:crypto';

import { Hono } from 'hono';
import { compress } from 'hono/compress';

import { buildOpenApiDocument, type OpenApiDocument, type RouteEntry } from './document';
import { referencePage, STYLE } from './page';

/** The reference may load nothing but its own inline style: no script, font or image, from anywhere. */
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `/api/openapi.json` and `/api/docs`, public. Both are built from the app's routes on the first request
 * (when every route is registered) and kept for the life of the process.
 * @example app.route('/api', openApiRoutes(() => app.routes))
 */
export function openApiRoutes(routesOf: () => readonly RouteEntry[]) {
  let doc: OpenApiDocument | undefined;
  let page: string | undefined;
  const document = () => {
    doc ??= buildOpenApiDocument(routesOf());
    return doc;
  };
  return (
    new Hono()
      // GET /api/openapi.json
      .get('/openapi.json', compress(), (c) => c.json(document()))
      // GET /api/docs
      .get('/docs', compress(), async (c) => {
        // The templates' indentation is a third of the page; a newline separates inline elements just as well.
        page ??= String(await referencePage(document())).replace(/\n\s+/g, '\n');
        c.header('Content-Security-Policy', CSP);
        return c.html(page);
      })
  );
}
