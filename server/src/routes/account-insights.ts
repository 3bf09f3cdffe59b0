import { zCoverage, zSignals, zSignalsQuery } from '@rapport/shared';
import { Hono } from 'hono';

import { loadCommittee } from '../db/insights-repository';
import { notFoundOrMerged } from '../db/references';
import type { AppEnv, Deps } from '../deps';
import { coverageOf, signalsOf } from '../lib/insights';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/**
 * `/accounts/:id/coverage` and `/accounts/:id/signals`: the buying committee's coverage (with the org chart)
 * and the account's signals, as of `deps.now()`. Any signed-in role reads them.
 */
export function accountInsightsRoutes({ db, settings, now }: Deps) {
  const k = db.kysely;
  const mustLoad = async (id: string, opportunities: boolean) => {
    const committee = await loadCommittee(k, id, { opportunities });
    if (!committee) throw await notFoundOrMerged(k, 'account', id);
    return committee;
  };

  return (
    new Hono<AppEnv>()
      // GET /accounts/:id/coverage
      .get(
        '/:id/coverage',
        describeRoute({
          summary: 'Buying-committee coverage: each buying role with its holders',
          response: zCoverage,
        }),
        async (c) => {
          const { coverageWindowDays } = await settings.get();
          const committee = await mustLoad(c.req.param('id'), false);
          return c.json(coverageOf(committee, now(), coverageWindowDays));
        },
      )
      // GET /accounts/:id/signals?contactIds=a,b
      .get(
        '/:id/signals',
        describeRoute({
          summary: 'What needs attention on the account, highest severity first',
          response: zSignals,
        }),
        validate('query', zSignalsQuery),
        async (c) => {
          const { contactIds } = c.req.valid('query');
          const { coverageWindowDays } = await settings.get();
          const committee = await mustLoad(c.req.param('id'), true);
          const at = now();
          const signals = signalsOf({
            ...committee,
            actor: c.var.actor,
            now: at,
            windowDays: coverageWindowDays,
            threadContactIds: contactIds,
            lang: c.var.lang,
          });
          return c.json({ accountId: committee.account.id, asOf: at.toISOString(), signals });
        },
      )
  );
}
