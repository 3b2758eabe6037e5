import { expect } from 'chai';
import { PLACE_REASONS, parsePurchasePlace } from '../../dialogs/understanding/place';

describe('understanding/place parsePurchasePlace', () => {
  const cases: [string, string | 'too_short' | 'too_long'][] = [
    ['Tạp hóa Minh Anh, 12 Lê Lợi, Q1', 'Tạp hóa Minh Anh, 12 Lê Lợi, Q1'],
    ['  đại lý   Hoàng Long  ', 'đại lý Hoàng Long'],
    ['tiệm net gần nhà', 'tiệm net gần nhà'],
    ['Circle K Nguyễn Trãi'.normalize('NFD'), 'Circle K Nguyễn Trãi'],
    ['7-Eleven', '7-Eleven'],
    ['FPT', 'FPT'],
    ['ab', 'too_short'],
    ['12', 'too_short'],
    ['', 'too_short'],
    ['😀😀😀', 'too_short'],
    ['x'.repeat(301), 'too_long'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input.slice(0, 40))} → ${expected}`, () => {
      const out = parsePurchasePlace(input);
      if ((PLACE_REASONS as readonly string[]).includes(expected)) expect(out).to.deep.equal({ ok: false, reason: expected });
      else expect(out).to.deep.equal({ ok: true, value: expected });
    });
  }
});
