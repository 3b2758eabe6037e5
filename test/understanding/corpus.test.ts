// The evaluation corpus (test/understanding/corpus/*.txt, issue 12) as a gate: the bot must read
// at least 95% of the messages as a careful agent would, and at least 90% in every category.
// `npm run eval:nlu` prints the same figures with every miss.
import { expect } from 'chai';
import { evaluate, loadCorpus, stopLocales } from './corpus/evaluate';

describe('evaluation corpus (npm run eval:nlu)', () => {
  after(() => stopLocales());

  it('holds at least 500 messages across every category', () => {
    const items = loadCorpus();
    expect(items.length).to.be.at.least(500);
    const categories = new Set(items.map((i) => i.category));
    for (const c of ['commands', 'situations', 'extract', 'choices', 'issuers', 'faq', 'smalltalk', 'noise']) expect(categories).to.include(c);
  });

  it('is read correctly at ≥ 95% overall and ≥ 90% in every category', () => {
    const report = evaluate();
    const misses = report.misses.map((m) => `[${m.category}] "${m.text}"${m.field ? ` at ${m.field}` : ''}: expected ${m.expected}, read ${m.got}`).join('\n');
    expect(report.correct / report.total, misses).to.be.at.least(0.95);
    for (const [category, c] of Object.entries(report.byCategory)) {
      expect(c.correct / c.total, `${category}\n${misses}`).to.be.at.least(0.9);
    }
  });
});
