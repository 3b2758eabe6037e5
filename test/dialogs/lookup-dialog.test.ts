// The lookup dialog on its own, with in-memory dependencies (no HTTP, no database), table-driven
// as in the Bot Framework samples' dialog tests: each row is a conversation, message by message,
// with what the customer must read back and what was looked up.
import { expect } from 'chai';
import path from 'node:path';
import { DialogTestClient } from '../../dialogs/dialog-test-client';
import { LookupDialog, type TicketSummary } from '../../dialogs/lookup-dialog';
import { newI18nInstance } from '../../bot/locales/instance';
import { checkLocaleDir } from '../../bot/locales/validate';
import { translatorFor } from '../../bot/qpal-bot';

const i18n = newI18nInstance(checkLocaleDir(path.join(__dirname, '..', '..', 'locales')).accepted);
const PHONE = '+84912345678';

/** The tickets the lookup can find, by code, with the phone each was recorded with. */
const TICKETS: Record<string, { phone: string; summary: TicketSummary }> = {
  'KN-2611-0042': { phone: PHONE, summary: { code: 'KN-2611-0042', status: 'waiting_agent', deadline: new Date('2026-12-03T08:30:00Z') } },
  'KN-2611-0043': { phone: PHONE, summary: { code: 'KN-2611-0043', status: 'closed', resolution: 'used_after_purchase' } },
  'KN-2611-0044': { phone: PHONE, summary: { code: 'KN-2611-0044', status: 'open' } },
  'KN-2611-0045': { phone: PHONE, summary: { code: 'KN-2611-0045', status: 'cancelled' } },
};

type Turn = [customer: string, replies: RegExp[]];
interface Row {
  name: string;
  /** The code already read from the command that started the lookup ("tra cứu KN-2611-0042"). */
  code?: string;
  locale?: string;
  turns: Turn[];
  /** The (code, phone) pairs looked up, normalised. */
  lookups: Array<[string, string]>;
}

const ASK_CODE = /cho biết mã khiếu nại/;
const askPhone = (code: string) => new RegExp(`số điện thoại đã ghi trong khiếu nại ${code}\\.`);
const BAD_CODE = /Mã khiếu nại có dạng KN-2611-0042/;
const BAD_PHONE = /số điện thoại di động, ví dụ/;
const notFound = (code: string) => new RegExp(`không tìm thấy khiếu nại nào khớp cả mã ${code} lẫn số điện thoại này`);

const ROWS: Row[] = [
  {
    name: 'code given with the command, right phone: the status with its deadline in Vietnam time',
    code: 'KN-2611-0042',
    turns: [
      ['tra cứu KN-2611-0042', [askPhone('KN-2611-0042')]],
      ['0912 345 678', [/^Khiếu nại KN-2611-0042 đang chờ nhân viên xử lý, hạn trả lời: 15:30 03\/12\/2026\.$/]],
    ],
    lookups: [['KN-2611-0042', PHONE]],
  },
  {
    name: 'code asked for, typed in lower case with spaces; a closed ticket names its resolution in words',
    turns: [
      ['tra cứu', [ASK_CODE]],
      ['kn 2611 0043', [askPhone('KN-2611-0043')]],
      ['+84 912 345 678', [/^Khiếu nại KN-2611-0043 đã được giải quyết: thẻ được sử dụng sau thời điểm mua, Qpal không bồi thường\.$/]],
    ],
    lookups: [['KN-2611-0043', PHONE]],
  },
  {
    name: 'an open ticket, phone written 84…',
    code: 'KN-2611-0044',
    turns: [['tra cứu KN-2611-0044', [askPhone('KN-2611-0044')]], ['84912345678', [/^Khiếu nại KN-2611-0044 đang được xử lý\.$/]]],
    lookups: [['KN-2611-0044', PHONE]],
  },
  {
    name: 'a cancelled ticket',
    code: 'KN-2611-0045',
    turns: [['tra cứu KN-2611-0045', [askPhone('KN-2611-0045')]], ['0912345678', [/KN-2611-0045 đã được hủy theo yêu cầu/]]],
    lookups: [['KN-2611-0045', PHONE]],
  },
  {
    name: 'the wrong phone for a ticket that exists: not found, nothing told about the ticket',
    code: 'KN-2611-0042',
    turns: [['tra cứu KN-2611-0042', [askPhone('KN-2611-0042')]], ['0987 654 321', [notFound('KN-2611-0042')]]],
    lookups: [['KN-2611-0042', '+84987654321']],
  },
  {
    name: 'a code that does not exist: the same answer as a wrong phone',
    code: 'KN-0101-9999',
    turns: [['tra cứu KN-0101-9999', [askPhone('KN-0101-9999')]], ['0912 345 678', [notFound('KN-0101-9999')]]],
    lookups: [['KN-0101-9999', PHONE]],
  },
  {
    name: 'a bad code is answered with the format, and the next message is read as the code',
    turns: [
      ['tra cứu', [ASK_CODE]],
      ['mã của tôi là 123', [BAD_CODE]],
      ['KN-2611-0044', [askPhone('KN-2611-0044')]],
      ['0912 345 678', [/đang được xử lý/]],
    ],
    lookups: [['KN-2611-0044', PHONE]],
  },
  {
    name: 'a bad phone is answered with an example, and the next message is read as the phone',
    code: 'KN-2611-0044',
    turns: [
      ['tra cứu KN-2611-0044', [askPhone('KN-2611-0044')]],
      ['123', [BAD_PHONE]],
      ['không nhớ', [BAD_PHONE]],
      ['0912 345 678', [/đang được xử lý/]],
    ],
    lookups: [['KN-2611-0044', PHONE]],
  },
  {
    name: 'three bad codes end the lookup without looking anything up',
    turns: [
      ['tra cứu', [ASK_CODE]],
      ['abc', [BAD_CODE]],
      ['xyz', [BAD_CODE]],
      ['???', [BAD_CODE]],
    ],
    lookups: [],
  },
  {
    name: 'three bad phones end with "not found", without looking anything up',
    code: 'KN-2611-0042',
    turns: [
      ['tra cứu KN-2611-0042', [askPhone('KN-2611-0042')]],
      ['1', [BAD_PHONE]],
      ['2', [BAD_PHONE]],
      ['3', [BAD_PHONE, notFound('KN-2611-0042')]],
    ],
    lookups: [],
  },
  {
    name: 'in English when the channel says so',
    code: 'KN-2611-0042',
    locale: 'en-US',
    turns: [
      ['check KN-2611-0042', [/^For your security, please give the phone number written in complaint KN-2611-0042\.$/]],
      ['0912 345 678', [/^Complaint KN-2611-0042 is waiting for an agent; answer due by 15:30 03\/12\/2026\.$/]],
    ],
    lookups: [['KN-2611-0042', PHONE]],
  },
];

describe('lookup dialog (in memory)', () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      const lookups: Array<[string, string]> = [];
      const dialog = new LookupDialog({
        t: translatorFor(i18n),
        find: async (code, phone) => {
          lookups.push([code, phone]);
          const ticket = TICKETS[code];
          return ticket && ticket.phone === phone ? ticket.summary : null;
        },
      });
      const client = new DialogTestClient(dialog, { options: { code: row.code }, locale: row.locale });
      for (const [i, [customer, expected]] of row.turns.entries()) {
        const replies = await client.send(customer);
        const where = `turn ${i + 1} «${customer}»: ${JSON.stringify(replies)}`;
        expect(replies, where).to.have.length(expected.length);
        expected.forEach((re, k) => expect(replies[k], where).to.match(re));
        // Nothing internal reaches the customer: no ISO times, no codes of the catalogue.
        for (const r of replies) expect(r, where).not.to.match(/\d{4}-\d{2}-\d{2}T|used_after_purchase|waiting_agent/);
        const last = i === row.turns.length - 1;
        expect(client.status, where).to.equal(last ? 'complete' : 'waiting');
      }
      expect(lookups).to.deep.equal(row.lookups);
    });
  }
});
