import { zSettings, zUpdateSettingsRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { ensure, policy } from '../auth/policy';
import { saveSettings } from '../db/admin-repository';
import { readSettings } from '../db/settings-repository';
import type { AppEnv, Deps } from '../deps';
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
          ensure(policy.manageSettings(c.var.actor), (m) => m.errors.only.changeSettings);
          const updated = await saveSettings(db.kysely, c.var.actor.id, c.req.valid('json'));
          settings.set(updated);
          return c.json(updated);
        },
      )
  );
}
