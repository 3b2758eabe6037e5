import { expect } from 'chai';
import { createHash, createHmac } from 'node:crypto';
import { loadConfig, ConfigError } from '../../bot/config';
import { NumberedChoices } from '../../bot/channels/choices';
import { UndeliverableError } from '../../bot/channels/errors';
import { parseJsonKeepingLargeIds } from '../../bot/channels/json';
import { splitText, truncate } from '../../bot/channels/text';
import { envelopeFor } from '../../bot/channels/messenger/adapter';
import { checkHubSignature } from '../../bot/channels/messenger/signature';
import * as fb from '../../bot/channels/messenger/translate';
import { checkZaloSignature, parseZaloSignatureFormula } from '../../bot/channels/zalo/signature';
import * as zl from '../../bot/channels/zalo/translate';
import { recordFirstDelivery, pruneDeliveries } from '../../models/processed-delivery';
import { testConnection } from '../support/database';

const HOUR = 3600_000;
const withChoices = (text: string, titles: string[]) => ({
  type: 'message',
  text,
  suggestedActions: { to: [], actions: titles.map((t) => ({ type: 'imBack', title: t, value: t })) },
});

describe('channel translations and checks', () => {
  describe('text', () => {
    it('splits long Vietnamese text within the limit, on word boundaries, losing nothing', () => {
      const text = Array.from({ length: 200 }, (_, i) => `Quý khách vui lòng chờ 😀 ${i}.`).join(' ');
      const pieces = splitText(text, 2000);
      expect(pieces.length).to.be.greaterThan(2);
      for (const p of pieces) expect(p.length).to.be.at.most(2000);
      expect(pieces.join(' ')).to.equal(text);
    });

    it('cuts text without spaces between characters, never inside one (emoji, decomposed marks)', () => {
      const text = 'ệ'.normalize('NFD').repeat(700) + '😀'.repeat(300);
      const pieces = splitText(text, 100);
      expect(pieces.join('')).to.equal(text);
      for (const p of pieces) {
        expect(p.length).to.be.at.most(100);
        expect(p.normalize('NFC')[0]).to.not.match(/[\u0300-\u036f]/);
        expect(p).to.not.match(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
      }
    });

    it('shortens a title to the limit with an ellipsis', () => {
      expect(truncate('Tự gọi nhà cung cấp dịch vụ', 20)).to.equal('Tự gọi nhà cung cấp…');
      expect([...truncate('Tự gọi nhà cung cấp dịch vụ', 20)].length).to.be.at.most(20);
      expect(truncate('Gửi khiếu nại', 20)).to.equal('Gửi khiếu nại');
    });
  });

  describe('Messenger', () => {
    it('offers up to 13 quick replies on the last piece, titles ≤ 20 characters, the full option as payload', () => {
      const long = 'Nạp thẻ thành công nhưng không được cộng tiền';
      const { messages, numbered } = fb.toGraphMessages(withChoices('x'.repeat(4100), ['Có', long]));
      expect(numbered).to.equal(undefined);
      expect(messages.map((m) => m.text!.length)).to.deep.equal([2000, 2000, 100]);
      expect(messages[0].quick_replies).to.equal(undefined);
      expect(messages[2].quick_replies).to.deep.equal([
        { content_type: 'text', title: 'Có', payload: 'Có' },
        { content_type: 'text', title: truncate(long, 20), payload: long },
      ]);
    });

    it('lists more than 13 options as numbered lines instead', () => {
      const titles = Array.from({ length: 14 }, (_, i) => `Mục ${i + 1}`);
      const { messages, numbered } = fb.toGraphMessages(withChoices('Chọn một mục', titles));
      expect(numbered).to.deep.equal(titles);
      expect(messages).to.have.length(1);
      expect(messages[0].quick_replies).to.equal(undefined);
      expect(messages[0].text).to.equal(`Chọn một mục\n\n${titles.map((t, i) => `${i + 1}. ${t}`).join('\n')}`);
    });

    it('reads quick-reply payloads, postbacks and attachments; drops echoes, deliveries and reads', () => {
      const base = { sender: { id: '2470001' }, recipient: { id: '1050001' }, timestamp: 1764039600000 };
      const qr = fb.toActivity('1050001', { ...base, message: { mid: 'm_1', text: 'Nạp thẻ thành công…', quick_reply: { payload: 'Nạp thẻ thành công nhưng không được cộng tiền' } } }, 'g');
      expect(qr.kind === 'turn' && qr.activity).to.deep.include({ text: 'Nạp thẻ thành công nhưng không được cộng tiền', channelId: 'messenger', id: 'm_1' });
      expect(qr.kind === 'turn' && qr.activity.conversation!.id).to.equal('2470001');
      expect(qr.kind === 'turn' && qr.activity.recipient!.id).to.equal('1050001');
      const pb = fb.toActivity('1050001', { ...base, postback: { mid: 'm_2', title: 'Bắt đầu', payload: 'GET_STARTED' } }, 'g');
      expect(pb.kind === 'turn' && pb.activity.text).to.equal('GET_STARTED');
      const img = fb.toActivity('1050001', { ...base, message: { mid: 'm_3', attachments: [{ type: 'image', payload: { url: 'https://x/y.png' } }] } }, 'g');
      expect(img.kind === 'turn' && img.activity.attachments).to.deep.equal([{ contentType: 'image/*', contentUrl: 'https://x/y.png' }]);
      expect(fb.toActivity('1050001', { ...base, message: { mid: 'm_4', is_echo: true, text: 'hi' } }, 'g')).to.deep.equal({ kind: 'ignore', why: 'echo' });
      expect(fb.toActivity('1050001', { ...base, delivery: { watermark: 1 } }, 'g')).to.deep.equal({ kind: 'ignore', why: 'delivery' });
      expect(fb.toActivity('1050001', { ...base, read: { watermark: 1 } }, 'g')).to.deep.equal({ kind: 'ignore', why: 'read' });
      // standby events (another app owns the thread) are not ours
      expect(fb.eventsOf({ object: 'page', entry: [{ id: 1, standby: [{ ...base, message: { mid: 'm_5', text: 'x' } }] }] })).to.deep.equal([]);
    });

    it('tags only human agents, only between 24 h and 7 days after the customer wrote', () => {
      expect(envelopeFor(false, 0)).to.deep.equal({ messaging_type: 'RESPONSE' });
      expect(envelopeFor(true, 23 * HOUR)).to.deep.equal({ messaging_type: 'RESPONSE' });
      expect(envelopeFor(true, 25 * HOUR)).to.deep.equal({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
      expect(envelopeFor(true, undefined)).to.deep.equal({ messaging_type: 'RESPONSE' });
      expect(() => envelopeFor(false, 25 * HOUR)).to.throw(UndeliverableError);
      expect(() => envelopeFor(true, 7 * 24 * HOUR + 1)).to.throw(UndeliverableError);
    });

    it('checks X-Hub-Signature-256 over the raw bytes', () => {
      const raw = Buffer.from('{"object":"page","entry":[{"messaging":[{"message":{"text":"Th\\u1ebb \\/ @"}}]}]}');
      const good = `sha256=${createHmac('sha256', 's3cret').update(raw).digest('hex')}`;
      expect(checkHubSignature(raw, good, 's3cret')).to.equal('ok');
      expect(checkHubSignature(raw, good.toUpperCase().replace('SHA256', 'sha256'), 's3cret')).to.equal('ok');
      expect(checkHubSignature(raw, undefined, 's3cret')).to.equal('missing');
      expect(checkHubSignature(raw, 'sha256=abc', 's3cret')).to.equal('invalid');
      expect(checkHubSignature(raw, good, 'other')).to.equal('invalid');
      // The same message re-serialised by JSON.stringify has other bytes: it must not verify.
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
      expect(checkHubSignature(reserialised, good, 's3cret')).to.equal('invalid');
    });
  });

  describe('Zalo', () => {
    it('offers up to 5 buttons (a tap sends the option), more become numbered lines', () => {
      const two = zl.toZaloMessages(withChoices('Thẻ BIT?', ['Có', 'Không']));
      expect(two.numbered).to.equal(undefined);
      expect(two.messages).to.deep.equal([
        {
          text: 'Thẻ BIT?',
          attachment: { type: 'template', payload: { buttons: [{ title: 'Có', type: 'oa.query.show', payload: 'Có' }, { title: 'Không', type: 'oa.query.show', payload: 'Không' }] } },
        },
      ]);
      const six = zl.toZaloMessages(withChoices('Chọn', ['a', 'b', 'c', 'd', 'e', 'f']));
      expect(six.numbered).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f']);
      expect(six.messages).to.deep.equal([{ text: 'Chọn\n\n1. a\n2. b\n3. c\n4. d\n5. e\n6. f' }]);
    });

    it('reads user_send_* events with ids as strings; drops oa_send_* echoes and status events', () => {
      const e = { event_name: 'user_send_sticker', app_id: '1', sender: { id: '8441999999999999999' }, recipient: { id: '1732' }, timestamp: '1764039600000', message: { msg_id: 'abc' } };
      const t = zl.toActivity(e, 'z');
      expect(t.kind).to.equal('turn');
      if (t.kind === 'turn') {
        expect(t.activity.conversation!.id).to.equal('8441999999999999999');
        expect(t.activity.attachments).to.deep.equal([{ contentType: 'image/sticker', contentUrl: undefined }]);
        expect(t.deliveryId).to.equal('abc');
      }
      expect(zl.toActivity({ ...e, event_name: 'oa_send_text' }, 'z')).to.deep.equal({ kind: 'ignore', why: 'echo' });
      expect(zl.toActivity({ ...e, event_name: 'user_seen_message' }, 'z')).to.deep.equal({ kind: 'ignore', why: 'status' });
      expect(zl.toActivity({ ...e, event_name: 'follow' }, 'z')).to.deep.equal({ kind: 'ignore', why: 'other' });
    });

    it('checks X-ZEvent-Signature with the configured formula', () => {
      const raw = Buffer.from('{"app_id":"42","event_name":"user_send_text","timestamp":"1764039600000","message":{"text":"Thẻ"}}', 'utf8');
      const input = { raw, appId: '42', oaId: '1732', timestamp: '1764039600000', headerTimestamp: '1764039600001', oaSecretKey: 'oa-secret' };
      const dflt = parseZaloSignatureFormula('sha256:app_id+body+timestamp+secret');
      const mac = createHash('sha256').update(Buffer.concat([Buffer.from('42'), raw, Buffer.from('1764039600000'), Buffer.from('oa-secret')])).digest('hex');
      expect(checkZaloSignature(`mac=${mac}`, dflt, input)).to.equal('ok');
      expect(checkZaloSignature(mac, dflt, input)).to.equal('ok');
      expect(checkZaloSignature(undefined, dflt, input)).to.equal('missing');
      expect(checkZaloSignature(`mac=${mac}`, dflt, { ...input, oaSecretKey: 'app-secret' })).to.equal('invalid');
      expect(checkZaloSignature(`mac=${mac}`, dflt, { ...input, raw: Buffer.from(raw.toString('utf8').normalize('NFD')) })).to.equal('invalid');
      const oa = parseZaloSignatureFormula('sha256:oa_id+body+header_timestamp+secret');
      const macOa = createHash('sha256').update(Buffer.concat([Buffer.from('1732'), raw, Buffer.from('1764039600001'), Buffer.from('oa-secret')])).digest('hex');
      expect(checkZaloSignature(`mac=${macOa}`, oa, input)).to.equal('ok');
      const hmac = parseZaloSignatureFormula('hmac-sha256:body');
      expect(checkZaloSignature(createHmac('sha256', 'oa-secret').update(raw).digest('hex'), hmac, input)).to.equal('ok');
    });
  });

  it('reads numbers that exceed a double as strings, leaving everything else alone', () => {
    const parsed = parseJsonKeepingLargeIds('{"sender":{"id":8441999999999999999},"n":-9007199254740993,"t":1764039600000,"x":1.5e3,"s":"8441999999999999999 \\" 9007199254740993"}');
    expect(parsed).to.deep.equal({ sender: { id: '8441999999999999999' }, n: '-9007199254740993', t: 1764039600000, x: 1500, s: '8441999999999999999 " 9007199254740993' });
  });

  it('maps a typed number to the option listed just before, once', () => {
    const c = new NumberedChoices();
    c.remember('zalo:1', ['10.000đ', '20.000đ', '50.000đ']);
    expect(c.resolve('zalo:1', ' 3 ')).to.equal('50.000đ');
    expect(c.resolve('zalo:1', '3')).to.equal('3');
    c.remember('zalo:1', ['a', 'b']);
    expect(c.resolve('zalo:1', '3')).to.equal('3');
    c.remember('zalo:1', ['a', 'b']);
    expect(c.resolve('zalo:1', '2 cái')).to.equal('2 cái');
    expect(c.resolve('zalo:2', '1')).to.equal('1');
  });

  describe('settings', () => {
    it('leaves both channels off by default, with the real platforms as defaults', () => {
      const c = loadConfig({});
      expect(c.FB_APP_SECRET).to.equal(undefined);
      expect(c.FB_GRAPH_URL).to.equal('https://graph.facebook.com/v24.0');
      expect(c).to.include({ ZALO_API_URL: 'https://openapi.zalo.me', ZALO_OAUTH_URL: 'https://oauth.zaloapp.com', ZALO_SIGNATURE_FORMULA: 'sha256:app_id+body+timestamp+secret' });
    });

    it('refuses a channel with some of its settings, naming what is missing and never echoing secrets', () => {
      expect(() => loadConfig({ FB_APP_SECRET: 'hunter2' })).to.throw(ConfigError, /FB_PAGE_ACCESS_TOKEN: is required for the Messenger channel/).that.satisfies(
        (e: Error) => /FB_VERIFY_TOKEN: is required/.test(e.message) && !e.message.includes('hunter2') && !/FB_APP_SECRET: /.test(e.message),
      );
      expect(() => loadConfig({ ZALO_APP_ID: '123', ZALO_APP_SECRET: 's', ZALO_OA_SECRET_KEY: 'k' })).to.throw(ConfigError, /ZALO_REFRESH_TOKEN: is required for the Zalo channel/);
      expect(() => loadConfig({ ZALO_SIGNATURE_FORMULA: 'md5:body' })).to.throw(ConfigError, /ZALO_SIGNATURE_FORMULA/);
      expect(() => loadConfig({ FB_GRAPH_URL: 'graph' })).to.throw(ConfigError, /FB_GRAPH_URL/);
    });
  });

  it('records a delivery once and prunes old records', async function () {
    this.timeout(20000);
    const conn = await testConnection('deliveries');
    try {
      expect(await recordFirstDelivery(conn, 'zalo', 'a', new Date('2026-01-01'))).to.equal(true);
      expect(await recordFirstDelivery(conn, 'zalo', 'a')).to.equal(false);
      expect(await recordFirstDelivery(conn, 'zalo', 'b')).to.equal(true);
      expect(await pruneDeliveries(conn, new Date('2026-06-01'))).to.equal(1);
      expect(await recordFirstDelivery(conn, 'zalo', 'a')).to.equal(true);
      expect(await recordFirstDelivery(conn, 'zalo', 'b')).to.equal(false);
    } finally {
      await conn.close();
    }
  });
});
