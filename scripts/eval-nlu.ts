// Prints how well the bot reads the evaluation corpus (test/understanding/corpus/*.txt): accuracy
// overall and per category, then every miss with what was expected and what the bot read.
import { evaluate, stopLocales } from '../test/understanding/corpus/evaluate';

const report = evaluate();
const pct = (c: number, t: number) => `${((100 * c) / Math.max(1, t)).toFixed(1)}%`;
console.log(`overall: ${report.correct}/${report.total} = ${pct(report.correct, report.total)}`);
for (const [category, c] of Object.entries(report.byCategory)) {
  console.log(`  ${category.padEnd(12)} ${String(c.correct).padStart(4)}/${String(c.total).padEnd(4)} ${pct(c.correct, c.total)}`);
}
if (report.misses.length) console.log(`\nmisses (${report.misses.length}):`);
for (const m of report.misses) {
  console.log(`  [${m.category}] ${m.file}:${m.line} (${m.variant})${m.field ? ` at ${m.field}` : ''}: "${m.text}" expected ${m.expected}, read ${m.got}`);
}
stopLocales();
