import { z } from 'zod';

// Every setting the process reads, validated once at start so a typo stops the bot with a message
// naming the variable instead of failing later in a customer's conversation.
const optionalText = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const CHANNEL_SETTINGS = [
  ['Messenger', ['FB_APP_SECRET', 'FB_PAGE_ACCESS_TOKEN', 'FB_VERIFY_TOKEN']],
  ['Zalo', ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_REFRESH_TOKEN']],
] as const;

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
    TURN_BUDGET_MS: z.coerce
      .number({ error: 'must be a number of milliseconds from 1000 to 120000' })
      .int()
      .min(1000)
      .max(120000)
      .default(20000),
    SHUTDOWN_TIMEOUT_MS: z.coerce
      .number({ error: 'must be a number of milliseconds from 0 to 120000' })
      .int()
      .min(0)
      .max(120000)
      .default(10000),
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
    // Customers' photos and files are downloaded from the platforms' URLs as they arrive. Only
    // public addresses unless this is on (tests and local channel simulators on 127.0.0.1).
    ATTACHMENTS_ALLOW_PRIVATE_HOSTS: z.enum(['on', 'off']).default('off'),
    // Folder of the locale files (vi/, en/); unset = the repository's locales/.
    LOCALES_DIR: optionalText,
    // Folder of procedure.json, holidays.json and business-hours.json, read at start; unset = the
    // repository's config/.
    PROCEDURE_CONFIG_DIR: optionalText,
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    MicrosoftAppTenantId: optionalText,
    // Without MicrosoftAppId nobody's token is checked on /api/messages: loopback = only clients on
    // this machine talking to it directly (Emulator, tests, npm run chat); any = every client (a
    // development switch, never on the internet); off = refuse them all.
    BOT_UNAUTHENTICATED: z.enum(['loopback', 'any', 'off']).default('loopback'),
    // Bearer token for /metrics and the detail of /readyz; unset = they are not served on PORT.
    OPS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    // A second, internal-only listener serving /metrics and /readyz without a token. Unset = none.
    OPS_PORT: optionalText.pipe(z.string().regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535').transform(Number).pipe(z.number().max(65535, 'must be a port number from 0 to 65535')).optional()),
    OPS_HOST: z.string().default('127.0.0.1'),
    // Where a conversation's "one turn at a time" is held: database = shared by every bot process
    // on the database (two writes per turn); process = in memory, only right when this process
    // alone uses the database. Unset = process with the embedded database (its folder is locked to
    // one bot), database with MONGODB_URI.
    CONVERSATION_LEASES: optionalText.pipe(z.enum(['database', 'process']).optional()),
    // Our own reverse proxies, by address (comma-separated): only from them is X-Forwarded-For
    // believed, so sign-in limits count each client behind the proxy, not the proxy. Unset = none.
    TRUSTED_PROXIES: optionalText
      .pipe(z.string().max(2000, 'must be at most 2000 characters').optional())
      .transform((s) => (s ?? '').split(',').map((a) => a.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]{2,39})$/, 'must be IP addresses separated by commas, e.g. 127.0.0.1,10.0.0.5')).max(32, 'must list at most 32 addresses')),
    // Outbound calls to the Bot Framework connector give up after this long.
    CONNECTOR_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds from 100 to 120000' }).int().min(100).max(120000).default(15000),
    // Console live streams: at most this many open at once (each session at most 3); a reader whose
    // unsent backlog passes CONSOLE_LIVE_BUFFER_BYTES is dropped (its page reconnects and refetches).
    CONSOLE_LIVE_STREAMS: z.coerce.number({ error: 'must be a number of streams from 1 to 10000' }).int().min(1).max(10000).default(200),
    CONSOLE_LIVE_BUFFER_BYTES: z.coerce.number({ error: 'must be a number of bytes from 1024 to 16777216' }).int().min(1024).max(16777216).default(256 * 1024),
    // Webhook events whose own timestamp is older than this are acknowledged and dropped (replays).
    WEBHOOK_MAX_AGE_MINUTES: z.coerce.number({ error: 'must be a number of minutes from 1 to 10080' }).int().min(1).max(10080).default(24 * 60),
    // Facebook Messenger, straight from a Page (all three set = on, none = off).
    FB_APP_SECRET: optionalText,
    FB_PAGE_ACCESS_TOKEN: optionalText,
    FB_VERIFY_TOKEN: optionalText,
    FB_GRAPH_URL: optionalText
      .pipe(z.url({ protocol: /^https?$/, error: 'must be the Graph API base URL, e.g. https://graph.facebook.com/v24.0' }).optional())
      .transform((u) => (u ?? 'https://graph.facebook.com/v24.0').replace(/\/+$/, '')),
    // Zalo Official Account (all four set = on, none = off).
    ZALO_APP_ID: optionalText.pipe(z.string().regex(/^\d{1,30}$/, 'must be the numeric app id from developers.zalo.me').optional()),
    ZALO_APP_SECRET: optionalText,
    ZALO_OA_SECRET_KEY: optionalText,
    ZALO_REFRESH_TOKEN: optionalText,
    ZALO_API_URL: optionalText
      .pipe(z.url({ protocol: /^https?$/, error: 'must be the Zalo OpenAPI base URL, e.g. https://openapi.zalo.me' }).optional())
      .transform((u) => (u ?? 'https://openapi.zalo.me').replace(/\/+$/, '')),
    ZALO_OAUTH_URL: optionalText
      .pipe(z.url({ protocol: /^https?$/, error: 'must be the Zalo OAuth base URL, e.g. https://oauth.zaloapp.com' }).optional())
      .transform((u) => (u ?? 'https://oauth.zaloapp.com').replace(/\/+$/, '')),
    ZALO_SIGNATURE_FORMULA: optionalText
      .pipe(
        z
          .string()
          .regex(
            /^(sha256|hmac-sha256):(app_id|oa_id|body|timestamp|header_timestamp|secret)(\+(app_id|oa_id|body|timestamp|header_timestamp|secret))*$/,
            'must look like sha256:app_id+body+timestamp+secret (sha256 or hmac-sha256, then parts app_id, oa_id, body, timestamp, header_timestamp, secret joined by +)',
          )
          .refine((f) => f.includes('body'), 'must include the body')
          .optional(),
      )
      .transform((f) => f ?? 'sha256:app_id+body+timestamp+secret'),
  })
  .superRefine((c, ctx) => {
    // A channel is on only with every one of its settings; a partial set is a mistake, not "off".
    for (const [channel, names] of CHANNEL_SETTINGS) {
      const given = names.filter((n) => c[n]);
      if (given.length === 0 || given.length === names.length) continue;
      for (const missing of names.filter((n) => !c[n])) {
        ctx.addIssue({
          code: 'custom',
          path: [missing],
          message: `is required for the ${channel} channel because ${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} set (set ${names.join(', ')} together, or none of them to turn ${channel} off)`,
        });
      }
    }
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
const SECRET = new Set([
  'MONGODB_URI',
  'MicrosoftAppPassword',
  'CARD_SYSTEM_TOKEN',
  'SMTP_URL',
  'FB_APP_SECRET',
  'FB_PAGE_ACCESS_TOKEN',
  'FB_VERIFY_TOKEN',
  'ZALO_APP_SECRET',
  'ZALO_OA_SECRET_KEY',
  'ZALO_REFRESH_TOKEN',
  'OPS_TOKEN',
]);

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Where conversation leases are held (see CONVERSATION_LEASES). */
export function leasesIn(config: Pick<Config, 'CONVERSATION_LEASES'>, ownDatabase: boolean): 'database' | 'process' {
  return config.CONVERSATION_LEASES ?? (ownDatabase ? 'process' : 'database');
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
