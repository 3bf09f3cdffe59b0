import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { issueToken } from '../../server/src/auth/tokens';
import { createDb } from '../../server/src/db/create-db';
import { migrateToLatest } from '../../server/src/db/migrate';
import { createUser } from '../../server/src/db/user-repository';
import { en } from '../../server/src/i18n';
import { reportIn } from '../../server/src/transfer/report';
import { importSnapshot } from '../../server/src/transfer/snapshot';
import { type DataSet, OUR_DOMAIN } from './data-set';

/**
 * A seeded database: how long the import took (from a snapshot file, as an admin moving a server runs it) and
 * what it created, how long writing that file took, and a sales rep's API token.
 */
export interface Seeded {
  seconds: number;
  generateSeconds: number;
  snapshotMb: number;
  created: Record<string, number>;
  token: string;
}

/**
 * Migrates the empty database at `url`, writes the data set as a snapshot file, and loads it through the bulk
 * path people use to move a server (`importSnapshot` reading the file), timing each; then adds a sales rep
 * with an API token, as the tests do, for the load.
 * @example const { seconds, token } = await seed('file:/tmp/bench/rapport.db', new DataSet(7, 1));
 */
export async function seed(url: string, data: DataSet): Promise<Seeded> {
  const db = await createDb({ url });
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-snapshot-'));
  try {
    await migrateToLatest(db);
    const file = join(dir, 'snapshot.json');
    const generating = performance.now();
    await pipeline(data.snapshot(), createWriteStream(file));
    const generateSeconds = (performance.now() - generating) / 1000;
    const started = performance.now();
    const report = await importSnapshot(db, createReadStream(file), { dryRun: false, actorId: null });
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
    return {
      seconds,
      generateSeconds,
      snapshotMb: statSync(file).size / 1e6,
      created: report.created,
      token,
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
