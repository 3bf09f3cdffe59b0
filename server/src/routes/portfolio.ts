import { periodOf, type Signal, zPortfolio, zPortfolioQuery } from '@rapport/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';

import type { Actor } from '../auth/policy';
import type { Database } from '../db/database';
import { loadCommittee } from '../db/insights-repository';
import { planView } from '../db/plan-repository';
import type { AppEnv, Deps } from '../deps';
import { signalsOf } from '../lib/insights';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** Most accounts one person's list shows; an account manager holds a few dozen key accounts. */
const MAX_ACCOUNTS = 500;

/**
 * `/portfolio`: "my accounts" for the account page's list: the accounts the caller owns (an account manager's
 * key accounts) or is assigned to as a rep, each with its tier, the period's plan attainment and its signals.
 * The period defaults to the current fiscal year.
 */
export function portfolioRoutes({ db, settings, now }: Deps) {
  const k = db.kysely;
  return (
    new Hono<AppEnv>()
      // GET /portfolio?period=2027
      .get(
        '/',
        describeRoute({
          summary: 'Your accounts with the period’s plan figures and signals',
          response: zPortfolio,
        }),
        validate('query', zPortfolioQuery),
        async (c) => {
          const s = await settings.get();
          const at = now();
          const period =
            c.req.valid('query').period ?? periodOf(at.toISOString().slice(0, 10), s.fiscalYearStartMonth);
          const mine = await myAccounts(k, c.var.actor);
          const items = [];
          for (const row of mine) {
            const [plan, committee] = await Promise.all([
              planView(k, row.id, period, s),
              loadCommittee(k, row.id, { opportunities: true }),
            ]);
            if (!committee) continue; // deleted meanwhile
            const signals = signalsOf({
              ...committee,
              actor: c.var.actor,
              now: at,
              windowDays: s.coverageWindowDays,
              lang: c.var.lang,
            });
            items.push({
              account: {
                id: row.id,
                name: row.name,
                tier: row.tier,
                status: row.status,
                owner: committee.account.owner,
              },
              relation: row.owner_id === c.var.actor.id ? ('owner' as const) : ('rep' as const),
              plan: {
                currency: plan.currency,
                target: plan.totals.target,
                actual: plan.totals.actual,
                pipeline: plan.totals.pipeline,
                attainment: plan.totals.target > 0 ? plan.totals.actual / plan.totals.target : null,
                version: plan.version,
              },
              signals: countSignals(signals),
            });
          }
          return c.json({ period, asOf: at.toISOString(), items });
        },
      )
  );
}

/** The accounts the actor owns or is a rep on, key accounts first, then by name. */
function myAccounts(db: Kysely<Database>, actor: Actor) {
  return db
    .selectFrom('accounts')
    .select(['id', 'name', 'tier', 'status', 'owner_id'])
    .where((eb) =>
      eb.or([
        eb('owner_id', '=', actor.id),
        eb('id', 'in', eb.selectFrom('account_reps').select('account_id').where('user_id', '=', actor.id)),
      ]),
    )
    .orderBy('tier', 'asc')
    .orderBy('name', 'asc')
    .limit(MAX_ACCOUNTS)
    .execute();
}

function countSignals(signals: Signal[]) {
  const count = (severity: Signal['severity']) => signals.filter((x) => x.severity === severity).length;
  return { high: count('high'), medium: count('medium'), low: count('low'), top: signals[0] ?? null };
}
