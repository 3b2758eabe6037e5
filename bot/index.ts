// `npm start` runs this file as `node --max-semi-space-size=2 --max-old-space-size=256 --import tsx`
// (package.json; the bench starts the bot with the same flags). V8's defaults on a machine with
// GBs of memory let garbage pile up to 527-596 MB RSS at 200 concurrent conversations around a
// ~130 MB live set; with these two flags the peak measured 284-285 MB, throughput within the
// machine's noise. Lower flags leave less room for a console read of a long queue: see "Peak RSS"
// in docs/performance.md before changing them.
import 'dotenv/config';
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logging/logger';
import { startApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, log).catch((err: Error) => {
    log.fatal(err.message);
    process.stderr.write(`\n${err.message}\n`);
    process.exit(1);
  });
  let stopping = false;
  // First signal: stop accepting, finish turns under way (SHUTDOWN_TIMEOUT_MS at most), close the
  // database and stop the embedded one. A second signal exits at once.
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'stopping');
    // Whatever happens while closing, the process is gone shortly after the bound.
    setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + 5000).unref();
    try {
      await app.stop();
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
