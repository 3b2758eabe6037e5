import { expect } from 'chai';
import { DENOMINATION_REASONS, parseDenomination } from '../../dialogs/understanding/money';

type Expected = number | { reason: 'not_a_number' } | { reason: 'not_allowed'; value: number } | { reason: 'ambiguous' };

describe('understanding/money parseDenomination', () => {
  const cases: [string, Expected][] = [
    ['20k', 20000],
    ['20K', 20000],
    ['20 k', 20000],
    ['20.000đ', 20000],
    ['20.000 đ', 20000],
    ['20,000', 20000],
    ['20000', 20000],
    ['20000 vnd', 20000],
    ['20.000₫', 20000],
    ['20 nghìn', 20000],
    ['20 ngàn', 20000],
    ['20 ngan', 20000],
    ['20 nghin', 20000],
    ['20 nghìn đồng', 20000],
    ['hai mươi nghìn', 20000],
    ['hai muoi nghin', 20000],
    ['Hai Mươi Nghìn'.normalize('NFD'), 20000],
    ['mười nghìn', 10000],
    ['ba mươi ngàn', 30000],
    ['năm mươi ngàn', 50000],
    ['nam muoi', 50000],
    ['một trăm nghìn', 100000],
    ['mot tram nghin', 100000],
    ['hai trăm', 200000],
    ['ba trăm nghìn', 300000],
    ['năm trăm ngàn', 500000],
    ['1 trăm', 100000],
    ['5 trăm nghìn', 500000],
    ['100k', 100000],
    ['100.000', 100000],
    ['1tr', 1000000],
    ['1 tr', 1000000],
    ['1 triệu', 1000000],
    ['mot trieu', 1000000],
    ['1.000.000đ', 1000000],
    ['1 củ', 1000000],
    ['1 lít', 100000],
    ['500 cành', 500000],
    ['50 canh', 50000],
    ['mệnh giá 50k', 50000],
    ['menh gia 50k a', 50000],
    ['thẻ 50', 50000],
    ['the 500k'.normalize('NFD'), 500000],
    ['50', 50000],
    ['200', 200000],
    ['thẻ viettel 100k', 100000],
    ['2 thẻ 50k', 50000],
    ['50k (50.000đ)', 50000],
    ['25k', { reason: 'not_allowed', value: 25000 }],
    ['15 nghìn', { reason: 'not_allowed', value: 15000 }],
    ['hai trăm năm mươi nghìn', { reason: 'not_allowed', value: 250000 }],
    ['2 triệu', { reason: 'not_allowed', value: 2000000 }],
    ['5000', { reason: 'not_allowed', value: 5000 }],
    ['20k hay 50k gì đó', { reason: 'ambiguous' }],
    ['10k với 20k', { reason: 'ambiguous' }],
    ['abc', { reason: 'not_a_number' }],
    ['không nhớ', { reason: 'not_a_number' }],
    ['', { reason: 'not_a_number' }],
    ['thẻ năm', { reason: 'not_a_number' }],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      const out = parseDenomination(input);
      if (typeof expected === 'number') {
        expect(out).to.deep.equal({ ok: true, value: expected });
      } else {
        expect(out).to.include({ ok: false, ...expected });
        expect(DENOMINATION_REASONS).to.include(expected.reason);
      }
    });
  }

  it('uses the allowed list it is given', () => {
    expect(parseDenomination('25k', [25000, 75000])).to.deep.equal({ ok: true, value: 25000 });
    expect(parseDenomination('20k', [25000])).to.deep.equal({ ok: false, reason: 'not_allowed', value: 20000 });
  });

  it('lists both amounts when ambiguous', () => {
    expect(parseDenomination('10k với 20k')).to.deep.equal({ ok: false, reason: 'ambiguous', values: [10000, 20000] });
  });
});
