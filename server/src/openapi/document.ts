import * as shared from '@rapport/shared';
import { zApiErrorBody } from '@rapport/shared';
import { z } from 'zod';

import { type Validation, validationOf } from '../lib/validate';
import { descriptionOf, type RouteDescription } from './describe';
import * as local from './schemas';

/** A JSON Schema (2020-12) as zod writes it; OpenAPI 3.1 uses that dialect for its schemas. */
export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiMediaType {
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** `[]` on the routes that need no token; the others inherit the document's bearer requirement. */
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  tags: { name: string; description?: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }>;
  };
}

/** What Hono keeps of each registered handler (`app.routes`). */
export interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}

/** A route as the document sees it: one method and path with everything its handlers carry. */
export interface CollectedRoute {
  method: string;
  /** Hono's path, `/api/v1/accounts/:id`. */
  path: string;
  validations: Validation[];
  description: RouteDescription | undefined;
}

export const API_PREFIX = '/api/v1';

/** Hono marks a handler it wrapped for a sub-app with its own error handler; the original is kept here. */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER';

function unwrap(handler: unknown): unknown {
  let h = handler;
  while (typeof h === 'function' && COMPOSED_HANDLER in h)
    h = (h as Record<string, unknown>)[COMPOSED_HANDLER];
  return h;
}

/**
 * The documented routes of an app: every method-specific route under `/api/v1`, and any other that carries a
 * `describeRoute`. Middleware (`app.use`, method `ALL`) is left out.
 * @example collectRoutes(app.routes).map((r) => `${r.method} ${r.path}`)
 */
export function collectRoutes(routes: readonly RouteEntry[]): CollectedRoute[] {
  const byKey = new Map<string, CollectedRoute>();
  const described = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    let collected = byKey.get(key);
    if (!collected) {
      collected = { method: route.method, path: route.path, validations: [], description: undefined };
      byKey.set(key, collected);
    }
    const handler = unwrap(route.handler);
    const validation = validationOf(handler);
    if (validation) collected.validations.push(validation);
    const description = descriptionOf(handler);
    if (description) {
      collected.description = description;
      described.add(key);
    }
  }
  return [...byKey.entries()]
    .filter(([key, r]) => r.path === API_PREFIX || r.path.startsWith(`${API_PREFIX}/`) || described.has(key))
    .map(([, r]) => r);
}

/** `/api/v1/accounts/:id/plans/:period{[0-9]+}` → `/api/v1/accounts/{id}/plans/{period}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');
}

function pathParamNames(honoPath: string): string[] {
  return [...honoPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
}

/** The first path segment after `/api/v1` names the group, with a few merged or renamed. */
const TAG_OF_SEGMENT: Record<string, string> = {
  auth: 'Authentication',
  me: 'Authentication',
  tokens: 'Authentication',
  healthz: 'Health',
  audit: 'Audit log',
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  Setup: 'Creating the first administrator with the one-time setup token.',
  Authentication: 'Signing in and out, the signed-in user and personal access tokens.',
  Accounts: 'Customer and prospect companies, with their summary, coverage, signals and timeline.',
  'Account plans': 'Targets per product line, objectives and actions for a fiscal year.',
  Contacts: 'Stakeholders: buying roles, stance, influence and reporting lines.',
  Lookup: 'What the extension asks for the people in a thread or on a profile.',
  Health: 'Whether the server and its database answer.',
};

function tagOf(r: CollectedRoute): string {
  if (r.description?.tag) return r.description.tag;
  const rest = r.path.startsWith(API_PREFIX) ? r.path.slice(API_PREFIX.length) : r.path;
  const segment = rest.split('/').find((s) => s !== '') ?? 'api';
  return TAG_OF_SEGMENT[segment] ?? segment.charAt(0).toUpperCase() + segment.slice(1);
}

function operationIdOf(method: string, honoPath: string): string {
  const rest = honoPath.startsWith(API_PREFIX) ? honoPath.slice(API_PREFIX.length) : honoPath;
  const words = rest
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s.startsWith(':') ? `By-${s.slice(1).replace(/\{.*$/, '')}` : s))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `validation_failed` (`details.issues` lists each field) or `invalid_json`',
  401: 'No valid token: `unauthorized`',
  403: 'The role does not allow this: `forbidden`',
  404: 'No such record: `not_found` (for a merged record, `details.mergedInto`)',
  409: 'A stale `version` (`version_conflict`, `details.current` is the stored record) or a unique value held elsewhere (`conflict`)',
  413: 'The body is too large: `payload_too_large`',
  422: 'Nothing in the request matched a known record: `no_match`',
  429: 'Too many attempts: `rate_limited`, with `Retry-After`',
  503: 'The database does not answer: `unavailable`, with `Retry-After`',
};

const SUCCESS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No content' };

/** Component names of the shared contract (and `./schemas`): `zCreateAccountRequest` is `CreateAccountRequest`. */
function sharedSchemaNames(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [exported, value] of [...Object.entries(shared), ...Object.entries(local)]) {
    if (/^z[A-Z]/.test(exported) && value instanceof z.ZodType && !names.has(value)) {
      names.set(value, exported.slice(1));
    }
  }
  return names;
}

/** `zPage(zAccount)` is `AccountPage`; `{ items: ApiToken[] }` is `ApiTokenList`. */
function listName(schema: z.ZodType, names: Map<z.ZodType, string>): string | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const items = schema.shape.items;
  const item = items instanceof z.ZodArray ? names.get(items.element as z.ZodType) : undefined;
  return item && `${item}${'nextCursor' in schema.shape ? 'Page' : 'List'}`;
}

const BODY_MEDIA: Partial<Record<Validation['target'], string[]>> = {
  json: ['application/json'],
  form: ['multipart/form-data', 'application/x-www-form-urlencoded'],
};
const PARAMETER_IN = { param: 'path', query: 'query', header: 'header', cookie: 'cookie' } as const;

/** zod's JSON Schema of one schema, without the `$schema` a component or parameter must not repeat. */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/**
 * Gives each body schema a component name (the shared export's, else one made from the operation) and
 * converts them all at once, so a schema used inside another is a `$ref` to it rather than a copy.
 */
class ComponentSet {
  private readonly registry = z.registry<{ id: string }>();
  private readonly ids = new Map<z.ZodType, string>();

  constructor(
    private readonly io: 'input' | 'output',
    private readonly names: Map<z.ZodType, string>,
    private readonly taken: Set<string>,
  ) {}

  /** A `$ref` to the schema's component, registering it under its name (or `fallback`) on first use. */
  ref(schema: z.ZodType, fallback: string): JsonSchema {
    let id = this.ids.get(schema);
    if (!id) {
      const base = this.names.get(schema) ?? listName(schema, this.names) ?? fallback;
      id = base;
      for (let n = 2; this.taken.has(id); n++) id = `${base}${this.io === 'input' && n === 2 ? 'Input' : n}`;
      this.taken.add(id);
      this.ids.set(schema, id);
      this.registry.add(schema, { id });
    }
    return { $ref: `#/components/schemas/${id}` };
  }

  schemas(): Record<string, JsonSchema> {
    const { schemas } = z.toJSONSchema(this.registry, {
      target: 'draft-2020-12',
      io: this.io,
      unrepresentable: 'any',
      uri: (id) => `#/components/schemas/${id}`,
    });
    return Object.fromEntries(
      Object.entries(schemas).map(([id, s]) => {
        const { $schema: _, $id: __, ...rest } = s as JsonSchema;
        return [id, rest];
      }),
    );
  }
}

const ID_TEXT: Record<string, string> = { id: 'The record’s id' };

function parametersOf(r: CollectedRoute): OpenApiParameter[] {
  const params: OpenApiParameter[] = [];
  const validatedPath = new Set<string>();
  for (const v of r.validations) {
    const where = PARAMETER_IN[v.target as keyof typeof PARAMETER_IN];
    if (!where) continue;
    const schema = jsonSchemaOf(v.schema, 'input');
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      if (where === 'path') validatedPath.add(name);
      const text =
        typeof description === 'string' ? description : where === 'path' ? ID_TEXT[name] : undefined;
      params.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(text ? { description: text } : {}),
        schema: propertySchema,
      });
    }
  }
  const pathParams = pathParamNames(r.path)
    .filter((name) => !validatedPath.has(name))
    .map<OpenApiParameter>((name) => ({
      name,
      in: 'path',
      required: true,
      ...(ID_TEXT[name] ? { description: ID_TEXT[name] } : {}),
      schema: { type: 'string' },
    }));
  return [...pathParams, ...params];
}

/**
 * The OpenAPI 3.1 document of an app's routes (`app.routes`): paths and methods from Hono, parameters and
 * request bodies from the `validate` middlewares, summaries and responses from `describeRoute`.
 * @example const doc = buildOpenApiDocument(app.routes)
 */
export function buildOpenApiDocument(routes: readonly RouteEntry[]): OpenApiDocument {
  const names = sharedSchemaNames();
  const taken = new Set<string>(['ApiErrorBody']);
  const inputs = new ComponentSet('input', names, taken);
  const outputs = new ComponentSet('output', names, taken);
  const errorRef = { $ref: '#/components/schemas/ApiErrorBody' };
  const paths: OpenApiDocument['paths'] = {};
  const tags: string[] = [];

  for (const r of collectRoutes(routes)) {
    const d = r.description;
    const tag = tagOf(r);
    if (!tags.includes(tag)) tags.push(tag);
    const operationId = operationIdOf(r.method, r.path);
    const pascal = operationId.charAt(0).toUpperCase() + operationId.slice(1);

    const op: Omit<OpenApiOperation, 'responses'> = {
      operationId,
      summary: d?.summary ?? '',
      ...(d?.description ? { description: d.description } : {}),
      tags: [tag],
    };
    if (d?.public) op.security = [];
    const parameters = parametersOf(r);
    if (parameters.length > 0) op.parameters = parameters;

    for (const v of r.validations) {
      const media = BODY_MEDIA[v.target];
      if (!media) continue;
      const schema = inputs.ref(v.schema, `${pascal}Request`);
      op.requestBody = {
        required: true,
        content: Object.fromEntries(media.map((m) => [m, { schema }])),
      };
    }

    const responses: OpenApiOperation['responses'] = {};
    const statuses = d?.status === undefined ? [d?.response ? 200 : 204] : [d.status].flat();
    for (const status of statuses) {
      responses[String(status)] = {
        description: SUCCESS_TEXT[status] ?? 'Success',
        ...(d?.response
          ? {
              content: {
                [d.contentType ?? 'application/json']: {
                  schema: outputs.ref(d.response, `${pascal}Response`),
                },
              },
            }
          : {}),
      };
    }
    const errors = new Set(d?.errors ?? []);
    if (r.validations.length > 0) errors.add(400);
    if (!d?.public) errors.add(401);
    if (pathParamNames(r.path).length > 0) errors.add(404);
    for (const status of [...errors].sort((a, b) => a - b)) {
      responses[String(status)] = {
        description: ERROR_TEXT[status] ?? 'Failed',
        content: { 'application/json': { schema: errorRef } },
      };
    }

    const path = openApiPath(r.path);
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = { ...op, responses };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Rapport API',
      version: '1',
      description:
        'The JSON API of a Rapport server. Every request but setup, sign-in and the health check sends ' +
        '`Authorization: Bearer <token>` (a session from `POST /api/v1/auth/login` or a personal access token). ' +
        'Errors answer `{ "error": { "code", "message", "details" } }`.',
      license: { name: 'AGPL-3.0', identifier: 'AGPL-3.0-only' },
    },
    tags: tags.map((name) => ({
      name,
      ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}),
    })),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: {
        ApiErrorBody: jsonSchemaOf(zApiErrorBody, 'output'),
        ...inputs.schemas(),
        ...outputs.schemas(),
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A session token from `POST /api/v1/auth/login`, or a personal access token.',
        },
      },
    },
  };
}
