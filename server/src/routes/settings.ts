import { zSettings, zSettingsData, zUpdateSettingsRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { ensure, policy } from '../auth/policy';
import { readSettings, writeSettings } from '../db/settings-repository';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { versionConflict } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/settings`: everyone reads (the extension needs the company domains); admins write. */
export function settingsRoutes({ db, settings }: Deps) {
  return (
    new Hono<AppEnv>()
      // GET /settings
      .get('/', describeRoute({ summary: 'The organisation’s settings', response: zSettings }), async (c) =>
        c.json(await readSettings(db.kysely)),
      )
      // PATCH /settings
      .patch(
        '/',
        describeRoute({ summary: 'Change settings (admins)', response: zSettings, errors: [403, 409] }),
        validate('json', zUpdateSettingsRequest),
        async (c) => {
          ensure(policy.manageSettings(c.var.actor), 'Only admins change settings');
          const { version, ...changes } = c.req.valid('json');
          const updated = await db.kysely.transaction().execute(async (trx) => {
            const current = await readSettings(trx);
            if (current.version !== version) throw versionConflict('Settings', current);
            const { version: _v, ...data } = current;
            const next = await writeSettings(trx, zSettingsData.parse({ ...data, ...changes }), version);
            if (!next) throw versionConflict('Settings', await readSettings(trx));
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'update',
              entity: 'settings',
              entityId: '1',
              before: current,
              after: next,
            });
            return next;
          });
          settings.set(updated);
          return c.json(updated);
        },
      )
  );
}
