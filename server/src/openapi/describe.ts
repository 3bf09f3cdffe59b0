import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';

/** What a route's OpenAPI operation says beyond the validators it already carries. */
export interface RouteDescription {
  /** One line, shown in the reference's table of contents. */
  summary: string;
  /** Longer text (Markdown is shown as plain text in /api/docs). */
  description?: string;
  /** The group in the reference; by default from the path's first segment after `/api/v1`. */
  tag?: string;
  /** Works without `Authorization: Bearer …` (setup, sign-in, health). */
  public?: boolean;
  /** The success body; leave out for an empty one (204). */
  response?: z.ZodType;
  /** The success status, or several that answer the same body (201 created, 200 already there); default 200, or 204 without `response`. */
  status?: number | number[];
  /** The success body's media type; default `application/json`. */
  contentType?: string;
  /**
   * Expected failures besides those the document adds by itself: 400 for a route with validators, 401 for
   * one that needs a token and 404 for one with a path parameter.
   */
  errors?: number[];
}

const DESCRIPTION = Symbol('rapport.route-description');

/**
 * Documentation of a route for `/api/openapi.json` and `/api/docs`, as a middleware that only passes the
 * request on. Put it first in the handler list; the document builder reads it back from `app.routes`.
 * @example .post('/', describeRoute({ summary: 'Create an account', response: zAccount, status: 201, errors: [403, 409] }), validate('json', zCreateAccountRequest), async (c) => …)
 */
export function describeRoute(description: RouteDescription): MiddlewareHandler {
  const middleware: MiddlewareHandler = async (_c, next) => {
    await next();
  };
  return Object.assign(middleware, { [DESCRIPTION]: description });
}

/** The description a `describeRoute` handler carries, else undefined. */
export function descriptionOf(handler: unknown): RouteDescription | undefined {
  return typeof handler === 'function'
    ? (handler as { [DESCRIPTION]?: RouteDescription })[DESCRIPTION]
    : undefined;
}
