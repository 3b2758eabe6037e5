import { expect } from 'chai';
import { EMAIL_REASONS, parseEmail } from '../../dialogs/understanding/email';

describe('understanding/email parseEmail', () => {
  const cases: [string, string | null | 'not_an_email'][] = [
    ['abc@gmail.com', 'abc@gmail.com'],
    ['Abc@Gmail.com', 'abc@gmail.com'],
    ['  NGUYEN.VAN.A@YAHOO.COM.VN  ', 'nguyen.van.a@yahoo.com.vn'],
    ['email em là abc.def@yahoo.com.vn ạ', 'abc.def@yahoo.com.vn'],
    ['email của em là tran_b+qpal@outlook.com nhé'.normalize('NFD'), 'tran_b+qpal@outlook.com'],
    ['mailto:abc@gmail.com', 'abc@gmail.com'],
    ['abc@gmail.com.', 'abc@gmail.com'],
    ['không có', null],
    ['Không có ạ', null],
    ['ko co', null],
    ['k co', null],
    ['bỏ qua', null],
    ['bo qua', null],
    ['khong', null],
    ['không', null],
    ['skip', null],
    ['thôi', null],
    ['không cần', null],
    ['em không có email', null],
    ['bỏ qua'.normalize('NFD'), null],
    ['abc@gmail', 'not_an_email'],
    ['abc.gmail.com', 'not_an_email'],
    ['abc@@gmail.com', 'not_an_email'],
    ['abc..def@gmail.com', 'not_an_email'],
    ['nguyễn@gmail.com', 'not_an_email'],
    ['@gmail.com', 'not_an_email'],
    ['', 'not_an_email'],
    ['email em hả', 'not_an_email'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      const out = parseEmail(input);
      if (expected === 'not_an_email') {
        expect(out).to.deep.equal({ ok: false, reason: expected });
        expect(EMAIL_REASONS).to.include(expected);
      } else {
        expect(out).to.deep.equal({ ok: true, value: expected });
      }
    });
  }
});
