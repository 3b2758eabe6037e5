import { expect } from 'chai';
import { Writable } from 'node:stream';
import { maskText } from '../../bot/logging/mask';
import { createLogger } from '../../bot/logging/logger';

describe('personal data never reaches the logs unmasked', () => {
  const secrets: Array<[string, string]> = [
    ['số em là 0912 345 678 ạ', '0912345678'],
    ['sdt +84912345678', '+84912345678'],
    ['gọi 84.912.345.678', '912345678'],
    ['serial 1000 1234 5678 90 bị lỗi', '10001234567890'],
    ['seri: ab12-3456-7890-12', '3456'],
    ['mail nguyen.van.a@gmail.com nhé', 'nguyen.van.a'],
  ];
  for (const [text, secret] of secrets) {
    it(`masks "${text}"`, () => {
      const masked = maskText(text).replace(/[\s.-]/g, '');
      expect(masked).not.to.include(secret.replace(/[\s.-]/g, ''));
    });
  }

  it('leaves ordinary text and amounts alone', () => {
    expect(maskText('nạp thẻ 50.000đ lúc 12h30 ngày 1/3/2026')).to.equal('nạp thẻ 50.000đ lúc 12h30 ngày 1/3/2026');
  });

  it('masks free text, nested fields and account names in real log lines', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ text: 'em nạp 0987654321', findings: { usedBy: { account: 'ninja_2010' } }, email: 'a.b@c.vn' }, 'tin nhắn 0987654321');
    log.child({ phone: '+84987654321' }).warn('x');
    const out = lines.join('');
    expect(out).not.to.include('0987654321');
    expect(out).not.to.include('987654321');
    expect(out).not.to.include('ninja_2010');
    expect(out).not.to.include('a.b@c.vn');
    expect(out).to.include('tin nhắn');
  });
});
