import { expect } from 'chai';
import { DEFAULT_SERIAL_PATTERN, SERIAL_REASONS, SerialReason, parseSerial } from '../../dialogs/understanding/serial';

describe('understanding/serial', () => {
  describe('parseSerial (default pattern)', () => {
    const cases: [string, string | { reason: SerialReason }][] = [
      ['10001234567890', '10001234567890'],
      ['1000 1234 5678 90', '10001234567890'],
      ['1000-1234-5678-90', '10001234567890'],
      ['1000.1234.5678.90', '10001234567890'],
      ['seri: 10001234567890', '10001234567890'],
      ['seri:10001234567890', '10001234567890'],
      ['Serial: 1000 1234 5678 90', '10001234567890'],
      ['serial la 1000 1234 5678 90', '10001234567890'],
      ['số seri của em là 1000123456789 ạ', '1000123456789'],
      ['số serial là 1000123456789'.normalize('NFD'), '1000123456789'],
      ['SN 1000123456789', '1000123456789'],
      ['pm1000123456', 'PM1000123456'],
      ['pm-1000-1234-56', 'PM1000123456'],
      ['(1000123456789)', '1000123456789'],
      ['seri 1000123456789 thẻ 50k', '1000123456789'],
      ['1234567890', '1234567890'],
      ['1234567890123456', '1234567890123456'],
      ['mã thẻ 123456789012', { reason: 'looks_like_code' }],
      ['ma the: 123456789012', { reason: 'looks_like_code' }],
      ['mã nạp là 1234 5678 9012', { reason: 'looks_like_code' }],
      ['pin 123456789012', { reason: 'looks_like_code' }],
      ['code 123456789012', { reason: 'looks_like_code' }],
      ['mã: 123456789012', { reason: 'looks_like_code' }],
      ['seri 10001234567890 mã thẻ 123456789012', { reason: 'looks_like_code' }],
      ['Mã thẻ 123456789012'.normalize('NFD'), { reason: 'looks_like_code' }],
      ['12345', { reason: 'too_short' }],
      ['123456789', { reason: 'too_short' }],
      ['seri 1000 1234', { reason: 'too_short' }],
      ['12345678901234567', { reason: 'too_long' }],
      ['12345678901234567890', { reason: 'too_long' }],
      ['1000*1234*5678', { reason: 'bad_characters' }],
      ['1000#12345678', { reason: 'bad_characters' }],
      ['ABCDEFG123', { reason: 'not_a_serial' }],
      ['hello', { reason: 'not_a_serial' }],
      ['không nhớ seri', { reason: 'not_a_serial' }],
      ['', { reason: 'not_a_serial' }],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        const out = parseSerial(input);
        if (typeof expected === 'string') {
          expect(out).to.deep.equal({ ok: true, value: expected });
          expect(DEFAULT_SERIAL_PATTERN.test(expected)).to.equal(true);
        } else {
          expect(out).to.deep.equal({ ok: false, ...expected });
          expect(SERIAL_REASONS).to.include(expected.reason);
        }
      });
    }
  });

  describe('parseSerial (configured pattern)', () => {
    const pattern = '^\\d{12,15}$';
    const cases: [string, string | SerialReason][] = [
      ['1000 1234 5678', '100012345678'],
      ['10001234567', 'too_short'],
      ['1000123456789012', 'too_long'],
      ['PM1000123456', 'not_a_serial'],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} with ${pattern} → ${expected}`, () => {
        const out = parseSerial(input, pattern);
        if (/^\d+$/.test(expected)) expect(out).to.deep.equal({ ok: true, value: expected });
        else expect(out).to.deep.equal({ ok: false, reason: expected });
      });
    }

    it('accepts a RegExp with the global flag without carrying state between calls', () => {
      const global = /^\d{12,15}$/g;
      expect(parseSerial('100012345678', global)).to.deep.equal({ ok: true, value: '100012345678' });
      expect(parseSerial('100012345678', global)).to.deep.equal({ ok: true, value: '100012345678' });
    });
  });
});
