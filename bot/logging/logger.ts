import pino, { Logger } from 'pino';
import { maskText, maskValue } from './mask';

export type { Logger };

// Every log line goes through the mask, message and bound fields alike, so a call site cannot
// forget it.
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      formatters: {
        log: (obj) => maskValue(obj) as Record<string, unknown>,
        bindings: (b) => maskValue(b) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as typeof args;
          method.apply(this, masked);
        },
      },
    },
    destination,
  );
}
