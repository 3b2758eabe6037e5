import { expect } from 'chai';
import { startLocales } from '../../bot/i18n';
import { initialContext } from '../../machines/complaint/machine';
import type { AskField, ComplaintContext } from '../../machines/complaint/types';
import { parseAnswer, type ParseEnv } from '../../dialogs/parse-answer';
import * as u from '../../dialogs/understanding';
import { vocabularyFor } from '../../dialogs/understanding/vocabulary';
import { TEST_CONFIG } from '../machines/fixtures';

const locales = startLocales({ watch: false });
const t = locales.i18n.getFixedT('vi');
const context: ComplaintContext = { ...initialContext('answer-length', TEST_CONFIG), situation: 'success_not_credited' };
const env: ParseEnv = {
  t,
  context,
  denominations: u.DEFAULT_DENOMINATIONS,
  statusPrefill: 'Nạp thành công nhưng không nhận được',
  now: new Date('2026-11-20T05:00:00Z'),
  attachments: [],
  vocab: vocabularyFor(t),
};

const padding = (n: number): string => ' vâng ạ'.repeat(Math.ceil(n / 7)).slice(0, n);

describe('Answer length: a short question takes a short answer', () => {
  const cases: Array<{ field: AskField; answer: string }> = [
    { field: 'phone', answer: 'số em là 0912 345 678' },
    { field: 'serial', answer: 'seri 10002026000001' },
    { field: 'isBitCard', answer: 'vâng đúng rồi ạ' },
    { field: 'email', answer: 'email em là lan@example.com' },
  ];
  for (const { field, answer } of cases) {
    it(`${field}: "${answer}" is read, the same answer padded past 500 characters is asked again as too long`, () => {
      expect(parseAnswer(field, answer, env).ok, 'short answer').to.equal(true);
      const long = `${answer}${padding(520)}`;
      expect(long.length).to.be.greaterThan(500);
      expect(parseAnswer(field, long, env)).to.deep.equal({ ok: false, reason: 'too_long_message' });
    });
  }

  it('a 1,500-character description of the problem at the situation question is still read', () => {
    const story = `em nạp thẻ bit vào game hôm qua, báo thành công mà không nhận được kim cương${padding(1500)}`;
    const r = parseAnswer('situation', story, env);
    expect(r).to.deep.equal({ ok: true, value: 'success_not_credited' });
  });
});
