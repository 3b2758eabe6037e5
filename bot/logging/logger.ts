import pino, { Logger } from 'pino';
import { maskText, maskValue } from './mask';

export type { Logger };

// pino applies formatters.log to each call's object but not to child bindings, so children get
// their bindings masked here; together every field and message of every line is masked and a
// call site cannot forget it.
function maskChildren(logger: Logger): Logger {
  const child = logger.child.bind(logger);
  logger.child = ((bindings: pino.Bindings, options?: pino.ChildLoggerOptions) =>
    maskChildren(child(maskValue(bindings) as pino.Bindings, options))) as unknown as Logger['child'];
  return logger;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return maskChildren(
    pino(
      {
        level,
        base: undefined,
        formatters: {
          log: (obj) => maskValue(obj) as Record<string, unknown>,
        },
        hooks: {
          logMethod(args, method) {
            const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as typeof args;
            method.apply(this, masked);
          },
        },
      },
      destination,
    ),
  );
}
