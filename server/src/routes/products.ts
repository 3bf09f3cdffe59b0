import {
  type ProductLine,
  zCreateProductLineRequest,
  zPage,
  zProductLine,
  zProductLineListQuery,
  zUpdateProductLineRequest,
} from '@rapport/shared';
import { Hono } from 'hono';

import { ensure, policy } from '../auth/policy';
import type { ProductLineRow } from '../db/database';
import { toPage } from '../db/paging';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { notFound, uniqueConflict, versionConflict } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

export function toProductLine(row: ProductLineRow): ProductLine {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** `/products`: the product-line catalogue; everyone reads, admins write. */
export function productRoutes({ db }: Deps) {
  const k = db.kysely;
  const byId = (id: string) =>
    k.selectFrom('product_lines').selectAll().where('id', '=', id).executeTakeFirst();

  async function ensureUnique(
    name: string | undefined,
    code: string | null | undefined,
    exceptId: string | null,
  ) {
    const clash = await k
      .selectFrom('product_lines')
      .select(['id', 'name', 'code'])
      .where((eb) => eb.or([eb('name', '=', name ?? ''), ...(code ? [eb('code', '=', code)] : [])]))
      .where('id', '!=', exceptId ?? '')
      .executeTakeFirst();
    if (clash) {
      const field = clash.name === name ? 'name' : 'code';
      throw uniqueConflict(
        (m) => (field === 'name' ? m.errors.products.nameTaken : m.errors.products.codeTaken),
        { field, id: clash.id },
      );
    }
  }

  return (
    new Hono<AppEnv>()
      // GET /products
      .get(
        '/',
        describeRoute({ summary: 'List product lines', response: zPage(zProductLine) }),
        validate('query', zProductLineListQuery),
        async (c) => {
          const q = c.req.valid('query');
          let query = k
            .selectFrom('product_lines')
            .selectAll()
            .orderBy('id')
            .limit(q.limit + 1);
          if (q.cursor) query = query.where('id', '>', q.cursor);
          if (q.active) query = query.where('active', '=', q.active === 'true' ? 1 : 0);
          return c.json(toPage(await query.execute(), q.limit, (rows) => rows.map(toProductLine)));
        },
      )
      // GET /products/:id
      .get('/:id', describeRoute({ summary: 'One product line', response: zProductLine }), async (c) => {
        const row = await byId(c.req.param('id'));
        if (!row) throw notFound('productLine', c.req.param('id'));
        return c.json(toProductLine(row));
      })
      // POST /products
      .post(
        '/',
        describeRoute({
          summary: 'Add a product line (admins)',
          response: zProductLine,
          status: 201,
          errors: [403, 409],
        }),
        validate('json', zCreateProductLineRequest),
        async (c) => {
          ensure(policy.manageProducts(c.var.actor), (m) => m.errors.only.changeProducts);
          const body = c.req.valid('json');
          await ensureUnique(body.name, body.code, null);
          const now = nowIso();
          const row: ProductLineRow = {
            id: newId(),
            ...body,
            active: body.active ? 1 : 0,
            created_at: now,
            updated_at: now,
            version: 1,
          };
          await k.transaction().execute(async (trx) => {
            await trx.insertInto('product_lines').values(row).execute();
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'create',
              entity: 'product_line',
              entityId: row.id,
              after: toProductLine(row),
            });
          });
          return c.json(toProductLine(row), 201);
        },
      )
      // PATCH /products/:id
      .patch(
        '/:id',
        describeRoute({
          summary: 'Change a product line (admins)',
          response: zProductLine,
          errors: [403, 409],
        }),
        validate('json', zUpdateProductLineRequest),
        async (c) => {
          ensure(policy.manageProducts(c.var.actor), (m) => m.errors.only.changeProducts);
          const id = c.req.param('id');
          const { version, ...changes } = c.req.valid('json');
          const before = await byId(id);
          if (!before) throw notFound('productLine', id);
          if (before.version !== version) throw versionConflict('productLine', toProductLine(before));
          await ensureUnique(changes.name, changes.code, id);
          const after = await k.transaction().execute(async (trx) => {
            const res = await trx
              .updateTable('product_lines')
              .set({
                ...(changes.name !== undefined && { name: changes.name }),
                ...(changes.code !== undefined && { code: changes.code }),
                ...(changes.active !== undefined && { active: changes.active ? 1 : 0 }),
                updated_at: nowIso(),
                version: version + 1,
              })
              .where('id', '=', id)
              .where('version', '=', version)
              .executeTakeFirst();
            if (Number(res.numUpdatedRows) !== 1) throw versionConflict('productLine', toProductLine(before));
            const row = await trx
              .selectFrom('product_lines')
              .selectAll()
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'update',
              entity: 'product_line',
              entityId: id,
              before: toProductLine(before),
              after: toProductLine(row),
            });
            return row;
          });
          return c.json(toProductLine(after));
        },
      )
  );
}
