import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createMailer, MailError } from '../../bot/mail/mailer';

interface Received {
  mail: ParsedMail;
  from?: string;
  to: string[];
  user?: string;
}

async function startSmtpSink(opts: { rejectRecipients?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (opts.rejectRecipients) {
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            mail,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
          });
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return { port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('confirmation mailer', () => {
  it('is not configured without SMTP_URL, and refuses to send', async () => {
    const mailer = createMailer({ from: 'Qpal <cskh@qpal.example>' });
    expect(mailer.configured).to.equal(false);
    let reason = '';
    try {
      await mailer.send({ to: 'a@b.example', subject: 's', text: 't' });
    } catch (err) {
      reason = (err as MailError).reason;
    }
    expect(reason).to.equal('not_configured');
  });

  it('delivers a Vietnamese subject and body intact over SMTP with credentials', async () => {
    const sink = await startSmtpSink();
    try {
      const mailer = createMailer({ smtpUrl: `smtp://cskh:p%40ss@127.0.0.1:${sink.port}`, from: 'Qpal CSKH <cskh@qpal.example>' });
      expect(mailer.configured).to.equal(true);
      const subject = 'Xác nhận khiếu nại KN-2611-0042 đã được giải quyết';
      const text = 'Kính gửi Quý khách,\nYêu cầu khiếu nại của Quý khách về thẻ cào BIT mệnh giá 50.000đ đã được xử lý.\nTrân trọng, Qpal.';
      await mailer.send({ to: 'khách.hàng@ví-dụ.vn', subject, text });
      expect(sink.received).to.have.length(1);
      const got = sink.received[0];
      expect(got.mail.subject).to.equal(subject);
      expect(got.mail.text?.trim()).to.equal(text);
      expect(got.from).to.equal('cskh@qpal.example');
      expect(got.user).to.equal('cskh');
      expect(got.to).to.have.length(1);
    } finally {
      await sink.close();
    }
  });

  it('fails with a short reason that names no address when the server refuses', async () => {
    const sink = await startSmtpSink({ rejectRecipients: true });
    try {
      const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${sink.port}`, from: 'cskh@qpal.example' });
      let err: MailError | undefined;
      try {
        await mailer.send({ to: 'khach@example.com', subject: 'Xác nhận', text: 'Nội dung' });
      } catch (e) {
        err = e as MailError;
      }
      expect(err).to.be.instanceOf(MailError);
      expect(err!.reason).to.equal('EENVELOPE_550');
      expect(err!.message).not.to.include('khach');
    } finally {
      await sink.close();
    }
  });

  it('fails with a connection reason when nothing listens', async () => {
    const sink = await startSmtpSink();
    const port = sink.port;
    await sink.close();
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'cskh@qpal.example', timeoutMs: 2000 });
    let err: MailError | undefined;
    try {
      await mailer.send({ to: 'khach@example.com', subject: 'x', text: 'y' });
    } catch (e) {
      err = e as MailError;
    }
    expect(err!.reason).to.match(/^(ESOCKET|ECONNECTION)$/);
  });

  it('refuses an SMTP_URL it cannot read without repeating it', () => {
    let message = '';
    try {
      createMailer({ smtpUrl: 'http://user:secret@host', from: 'x@y.example' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.match(/SMTP_URL/);
    expect(message).not.to.include('secret');
  });
});
