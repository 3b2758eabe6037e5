import { expect } from 'chai';
import { STATUS_REASONS, parseStatusText } from '../../dialogs/understanding/status';

describe('understanding/status parseStatusText', () => {
  const cases: [string, string | 'empty' | 'too_long'][] = [
    ['Nạp thẻ 50k báo thành công nhưng không nhận được kim cương', 'Nạp thẻ 50k báo thành công nhưng không nhận được kim cương'],
    ['  the   bi loi  ', 'the bi loi'],
    ['thẻ đã sử dụng'.normalize('NFD'), 'thẻ đã sử dụng'],
    ['x', 'x'],
    ['a'.repeat(1000), 'a'.repeat(1000)],
    ['', 'empty'],
    ['   ', 'empty'],
    ['...', 'empty'],
    ['😭😭', 'empty'],
    ['a'.repeat(1001), 'too_long'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input.slice(0, 40))} → ${expected.slice(0, 40)}`, () => {
      const out = parseStatusText(input);
      if ((STATUS_REASONS as readonly string[]).includes(expected)) expect(out).to.deep.equal({ ok: false, reason: expected });
      else expect(out).to.deep.equal({ ok: true, value: expected });
    });
  }
});
