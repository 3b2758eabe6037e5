import { expect } from 'chai';
import { PHONE_REASONS, PhoneReason, maskPhone, parsePhone } from '../../dialogs/understanding/phone';

describe('understanding/phone', () => {
  describe('parsePhone', () => {
    const cases: [string, string | PhoneReason][] = [
      ['0912 345 678', '+84912345678'],
      ['0912.345.678', '+84912345678'],
      ['0912-345-678', '+84912345678'],
      ['0912345678', '+84912345678'],
      ['+84912345678', '+84912345678'],
      ['+84 912 345 678', '+84912345678'],
      ['84912345678', '+84912345678'],
      ['(+84) 912-345-678', '+84912345678'],
      ['912345678', '+84912345678'],
      ['sdt 0912345678', '+84912345678'],
      ['SĐT: 0912 345 678', '+84912345678'],
      ['số em là 0987654321 ạ', '+84987654321'],
      ['số em là 0987654321 ạ'.normalize('NFD'), '+84987654321'],
      ['0862 345 678', '+84862345678'],
      ['070 123 4567', '+84701234567'],
      ['gọi cho mình số 0356.789.123 nhé', '+84356789123'],
      ['0912345678 thẻ 50k', '+84912345678'],
      ['+84 (0) 912 345 678', '+84912345678'],
      ['+1 415 555 2671', 'not_mobile'],
      ['1900 1234', 'not_mobile'],
      ['19001234', 'not_mobile'],
      ['1800 1234', 'not_mobile'],
      ['028 3823 4567', 'not_mobile'],
      ['02838234567', 'not_mobile'],
      ['01234567890', 'invalid'],
      ['0168 123 4567', 'invalid'],
      ['0521234567', 'invalid'],
      ['091234567', 'too_short'],
      ['0912 345', 'too_short'],
      ['09123456789', 'too_long'],
      ['0912 345 678 999', 'too_long'],
      ['không có', 'not_a_phone'],
      ['', 'not_a_phone'],
      ['số điện thoại của em', 'not_a_phone'],
      ['12', 'not_a_phone'],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected}`, () => {
        const out = parsePhone(input);
        if (expected.startsWith('+')) {
          expect(out).to.deep.equal({ ok: true, value: expected });
        } else {
          expect(out).to.deep.equal({ ok: false, reason: expected });
          expect(PHONE_REASONS).to.include(expected);
        }
      });
    }
  });

  describe('maskPhone', () => {
    const cases: [string, string][] = [
      ['+84912345678', '+84 91* *** 678'],
      ['+84987654321', '+84 98* *** 321'],
      ['+84701234567', '+84 70* *** 567'],
    ];
    for (const [input, expected] of cases) {
      it(`${input} → ${expected}`, () => {
        expect(maskPhone(input)).to.equal(expected);
      });
    }
  });
});
