// Makes the console of a database written by an earlier version read by _id (`npm run
// cases:backfill`; see models/case-keys-backfill.ts). Same database as the bot; safe to run again.
import 'dotenv/config';
import { loadConfig } from '../bot/config';
import { createLogger } from '../bot/logging/logger';
import { openDatabase } from '../bot/database/connect';
import { backfillCaseKeys } from '../models/case-keys-backfill';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }, createLogger('warn'));
  try {
    const started = Date.now();
    await backfillCaseKeys(db.connection, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
