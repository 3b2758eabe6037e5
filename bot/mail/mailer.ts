import nodemailer from 'nodemailer';

// Step 4's e-mail confirmation. Addresses, subjects and bodies are personal data: nothing here
// logs, and errors carry only a short cause so callers can log or store them as they are.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** false when no SMTP_URL is set: the bot then records the e-mail as not_configured. */
  configured: boolean;
  send(message: MailMessage): Promise<void>;
}

export class MailError extends Error {
  /** Same as `reason`, under the name Node's errors use. */
  readonly code: string;
  constructor(readonly reason: string) {
    super(`confirmation e-mail not sent (${reason})`);
    this.name = 'MailError';
    this.code = reason;
  }
}

export interface MailerOptions {
  /** smtp://user:pass@host:port or smtps://… */
  smtpUrl?: string;
  /** e.g. "Qpal CSKH <cskh@qpal.vn>" */
  from: string;
  /** Upper bound for connecting, greeting and each SMTP step. */
  timeoutMs?: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function createMailer({ smtpUrl, from, timeoutMs = 15_000 }: MailerOptions): Mailer {
  if (!smtpUrl) {
    return {
      configured: false,
      async send() {
        throw new MailError('not_configured');
      },
    };
  }

  let host: string;
  try {
    const u = new URL(smtpUrl);
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('protocol');
    host = u.hostname;
  } catch {
    // The URL may hold a password: never repeat it.
    throw new Error('SMTP_URL must look like smtp://user:pass@host:port (or smtps://)');
  }

  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // A local test or relay server has no certificate to offer; anything remote keeps STARTTLS.
    ignoreTLS: LOOPBACK.has(host),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    configured: true,
    async send({ to, subject, text }) {
      try {
        await transport.sendMail({ from, to, subject, text });
      } catch (err) {
        const e = err as { code?: string; responseCode?: number };
        const reason = [e.code ?? 'ESEND', e.responseCode].filter((x) => x !== undefined).join('_');
        throw new MailError(reason);
      }
    },
  };
}
