import { z } from 'zod';

// Every setting the process reads, validated once at start so a typo stops the bot with a message
// naming the variable instead of failing later in a customer's conversation.
const optionalText = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const schema = z
  .object({
    PORT: z.coerce.number({ error: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).default(3978),
    HOST: z.string().default('0.0.0.0'),
    MONGODB_URI: optionalText.pipe(
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    DATA_DIR: z.string().min(1).default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CARD_SYSTEM_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    CARD_SYSTEM_TOKEN: optionalText,
    CARD_SYSTEM_TIMEOUT_MS: z.coerce
      .number({ error: 'must be a number of milliseconds from 100 to 60000' })
      .int()
      .min(100)
      .max(60000)
      .default(3000),
    SMTP_URL: optionalText.pipe(
      z.string().regex(/^smtps?:\/\//, 'must look like smtp://user:pass@host:587 or smtps://…').optional(),
    ),
    MAIL_FROM: z.string().default('Qpal CSKH <cskh@qpal.vn>'),
    SERIAL_PATTERN: optionalText.pipe(
      z
        .string()
        .refine((p) => {
          try {
            new RegExp(p);
            return true;
          } catch {
            return false;
          }
        }, 'must be a valid regular expression over the normalised serial (A-Z, 0-9)')
        .optional(),
    ),
    DEMO_DATA: z.enum(['on', 'off']).default('on'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    MicrosoftAppTenantId: optionalText,
  })
  .superRefine((c, ctx) => {
    if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)',
      });
    }
    if (c.MicrosoftAppType === 'SingleTenant' && !c.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required when MicrosoftAppType=SingleTenant',
      });
    }
  });

// Values never echoed back in an error: they may carry credentials.
const SECRET = new Set(['MONGODB_URI', 'MicrosoftAppPassword', 'CARD_SYSTEM_TOKEN', 'SMTP_URL']);

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.join('.') || '(configuration)';
        const shown = typeof env[name] === 'string' && !SECRET.has(name);
        const given = shown ? ` (got "${env[name]}")` : '';
        return `${name}: ${i.message}${given}`;
      }),
    );
  }
  return parsed.data;
}
