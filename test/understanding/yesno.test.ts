import { expect } from 'chai';
import { YES_NO_REASONS, YesNoReason, parseYesNo } from '../../dialogs/understanding/yesno';

describe('understanding/yesno parseYesNo', () => {
  const cases: [string, boolean | YesNoReason][] = [
    ['có', true],
    ['co', true],
    ['Có ạ', true],
    ['cos', true],
    ['ừ', true],
    ['u', true],
    ['uk', true],
    ['ok', true],
    ['OK em', true],
    ['oke', true],
    ['okie nhé', true],
    ['vâng', true],
    ['vang a', true],
    ['dạ', true],
    ['dạ có', true],
    ['dạ vâng ạ', true],
    ['đúng', true],
    ['đúng rồi', true],
    ['dung roi', true],
    ['đúng rồi ạ, tài khoản của em', true],
    ['phải', true],
    ['phải rồi', true],
    ['còn', true],
    ['còn giữ', true],
    ['em vẫn còn giữ xác thẻ', true],
    ['còn giữ ạ', true],
    ['yes', true],
    ['1', true],
    ['chính xác', true],
    ['chắc chắn', true],
    ['dạ có'.normalize('NFD'), true],
    ['còn giữ'.normalize('NFD'), true],
    ['không', false],
    ['KHÔNG', false],
    ['ko', false],
    ['k', false],
    ['hok', false],
    ['hông', false],
    ['khum', false],
    ['không ạ', false],
    ['dạ không', false],
    ['chưa', false],
    ['sai', false],
    ['sai rồi', false],
    ['không phải', false],
    ['ko phai tai khoan cua e', false],
    ['không phải'.normalize('NFD'), false],
    ['mất rồi', false],
    ['mat roi', false],
    ['hết rồi', false],
    ['em vứt rồi', false],
    ['không còn', false],
    ['no', false],
    ['2', false],
    ['có lẽ', 'not_sure'],
    ['co le', 'not_sure'],
    ['không biết', 'not_sure'],
    ['ko bit', 'not_sure'],
    ['k biết'.normalize('NFD'), 'not_sure'],
    ['không nhớ', 'not_sure'],
    ['hình như có', 'not_sure'],
    ['chắc là có', 'not_sure'],
    ['có phải không', 'not_sure'],
    ['không, đúng rồi', 'not_sure'],
    ['để em xem', 'not_sure'],
    ['', 'not_yes_no'],
    ['???', 'not_yes_no'],
    ['alo', 'not_yes_no'],
    ['thẻ 50k', 'not_yes_no'],
    ['em nạp thẻ 50k vào tài khoản game hôm qua mà không thấy', 'not_yes_no'],
    ['3', 'not_yes_no'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      const out = parseYesNo(input);
      if (typeof expected === 'boolean') {
        expect(out).to.deep.equal({ ok: true, value: expected });
      } else {
        expect(out).to.deep.equal({ ok: false, reason: expected });
        expect(YES_NO_REASONS).to.include(expected);
      }
    });
  }
});
