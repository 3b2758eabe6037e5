// npm run locales:check [-- <dir>] [-- --json]
// Validates every locale file with the same rules as the running bot's live reload
// (bot/locales/validate.ts): JSON, the same keys and placeholders in every language, the keys and
// placeholders the code needs, quick-reply titles within Messenger's 20 characters, no HTML, no empty
// text. Prints one line per problem (file, key, reason) and exits 1 when there is any.
import path from 'node:path';
import { LOCALES_DIR } from '../bot/locales/i18n';
import { checkLocaleDir, formatProblem } from '../bot/locales/validate';

const args = process.argv.slice(2);
const json = args.includes('--json');
const dirArg = args.find((a) => !a.startsWith('--'));
const dir = path.resolve(dirArg || process.env.LOCALES_DIR || LOCALES_DIR);

const result = checkLocaleDir(dir);
if (json) {
  process.stdout.write(`${JSON.stringify({ dir, ok: result.problems.length === 0, errors: result.problems }, null, 2)}\n`);
} else if (result.problems.length) {
  process.stderr.write(`Lỗi trong các tệp ngôn ngữ (${dir}):\n`);
  for (const p of result.problems) process.stderr.write(`  ${formatProblem(p)}\n`);
  process.stderr.write(`${result.problems.length} lỗi. Sửa các dòng trên rồi chạy lại: npm run locales:check\n`);
} else {
  const files = Object.values(result.accepted).reduce((n, byNs) => n + Object.keys(byNs).length, 0);
  process.stdout.write(`OK: ${files} tệp, ${result.keyCount} câu chữ hợp lệ (${dir}).\n`);
}
process.exitCode = result.problems.length ? 1 : 0;
