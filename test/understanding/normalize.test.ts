import { expect } from 'chai';
import { fold } from '../../machines/text/fold';
import { expandTeencode, isEmptyOrNoise, normalizeInput, toWords } from '../../dialogs/understanding/normalize';

describe('understanding/normalize', () => {
  describe('normalizeInput', () => {
    const cases: [string, string][] = [
      ['  thẻ   cào  ', 'thẻ cào'],
      ['thẻ\n\tcào', 'thẻ cào'],
      ['thẻ cào'.normalize('NFD'), 'thẻ cào'],
      ['nạp\u200B thẻ', 'nạp thẻ'],
      ['\uFEFFhủy', 'hủy'],
      ['', ''],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        const out = normalizeInput(input);
        expect(out).to.equal(expected);
        expect(out).to.equal(out.normalize('NFC'));
      });
    }
  });

  describe('expandTeencode', () => {
    const cases: [string, string][] = [
      ['ko', 'khong'],
      ['k', 'khong'],
      ['hok dc', 'khong duoc'],
      ['hông', 'khong'],
      ['khum', 'khong'],
      ['nap ko dc', 'nap khong duoc'],
      ['nap k đc', 'nap khong duoc'],
      ['dk r', 'duoc roi'],
      ['ntn', 'nhu the nao'],
      ['la j', 'la gi'],
      ['vs mk', 'voi minh'],
      ['mik nap roi', 'minh nap roi'],
      ['e nap the', 'em nap the'],
      ['a oi', 'anh oi'],
      ['sdt cua e', 'so dien thoai cua em'],
      ['oke', 'ok'],
      ['uk', 'ok'],
      ['ừ', 'ok'],
      ['ừm', 'ok'],
      ['hqua', 'hom qua'],
      ['nap vao tk', 'nap vao tai khoan'],
      ['tk da dung roi', 'the da dung roi'],
      // Not teen-code in these positions.
      ['20 k', '20 k'],
      ['20k', '20k'],
      ['kiem tra', 'kiem tra'],
      ['khong a', 'khong a'],
      ['the bi hỏng', 'the bi hong'],
      ['ko, dc.', 'khong, duoc.'],
      ['okela', 'ok'],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        expect(expandTeencode(fold(input))).to.equal(expected);
      });
    }
  });

  describe('toWords', () => {
    const cases: [string, string][] = [
      ['Nạp thẻ KO ĐC!!!', 'nap the khong duoc'],
      ['Thẻ, đã dùng... rồi?'.normalize('NFD'), 'the da dung roi'],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        expect(toWords(input)).to.equal(expected);
      });
    }
  });

  describe('isEmptyOrNoise', () => {
    const cases: [string, boolean][] = [
      ['', true],
      ['   ', true],
      ['\n\t', true],
      ['😀😀', true],
      ['👍', true],
      ['❤️', true],
      ['...', true],
      ['?!', true],
      ['😀 ...', true],
      ['ok', false],
      ['1', false],
      ['đ', false],
      ['có 👍', false],
      ['ừ'.normalize('NFD'), false],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected}`, () => {
        expect(isEmptyOrNoise(input)).to.equal(expected);
      });
    }
  });
});
