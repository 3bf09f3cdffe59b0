import type { Kysely } from 'kysely';

import type { Database } from './database';

/**
 * Recomputes the search documents of these accounts or contacts from the tables (deleting the documents of
 * ids that no longer exist). Call it in the transaction of every write that changes names, domains, emails,
 * slugs, titles or a contact's account.
 */
export async function reindex(
  _db: Kysely<Database>,
  _entity: 'account' | 'contact',
  _ids: readonly string[],
): Promise<void> {
  // Filled in by the search work.
}
