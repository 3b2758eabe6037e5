// Indexes for the console's search the tickets recorded before names and conversations were
// searchable (`npm run search:backfill`). Same database as the bot; safe to run again.
import 'dotenv/config';
import { loadConfig } from '../bot/config';
import { createLogger } from '../bot/logging/logger';
import { openDatabase } from '../bot/database/connect';
import { backfillTicketSearch } from '../models/ticket-search';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }, createLogger('warn'));
  try {
    const started = Date.now();
    const n = await backfillTicketSearch(db.connection);
    process.stdout.write(`${n} tickets indexed for search in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
