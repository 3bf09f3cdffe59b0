import { issueToken } from '../../server/src/auth/tokens';
import { createDb } from '../../server/src/db/create-db';
import { migrateToLatest } from '../../server/src/db/migrate';
import { createUser } from '../../server/src/db/user-repository';
import { en } from '../../server/src/i18n';
import { reportIn } from '../../server/src/transfer/report';
import { importSnapshot } from '../../server/src/transfer/snapshot';
import { type DataSet, OUR_DOMAIN } from './data-set';

/** A seeded database: how long the import took and what it created, and a sales rep's API token. */
export interface Seeded {
  seconds: number;
  created: Record<string, number>;
  token: string;
}

/**
 * Migrates the empty database at `url` and loads the data set through the bulk path people use to move a
 * server (`importSnapshot`, fed the snapshot as it is generated), timing the import; then adds a sales rep
 * with an API token, as the tests do, for the load.
 * @example const { seconds, token } = await seed('file:/tmp/bench/rapport.db', new DataSet(7, 1));
 */
export async function seed(url: string, data: DataSet): Promise<Seeded> {
  const db = await createDb({ url });
  try {
    await migrateToLatest(db);
    const started = performance.now();
    const report = await importSnapshot(db, data.snapshot(), { dryRun: false, actorId: null });
    const seconds = (performance.now() - started) / 1000;
    if (!report.applied) {
      const reasons = reportIn(report, en).rejected.map((r) => `${r.entity} ${r.line}: ${r.reason}`);
      throw new Error(`The import refused the data set:\n${reasons.slice(0, 10).join('\n')}`);
    }
    const rep = await createUser(
      db.kysely,
      { email: `bench.rep@${OUR_DOMAIN}`, name: 'Bench Rep', role: 'sales_rep', passwordHash: null },
      null,
    );
    const { token } = await issueToken(db.kysely, rep.id, { name: 'bench', kind: 'personal', days: 1 });
    return { seconds, created: report.created, token };
  } finally {
    await db.close();
  }
}
