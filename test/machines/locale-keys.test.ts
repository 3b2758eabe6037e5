// Every message the machine can emit (its typed catalogue, machines/complaint/messages.ts) must
// exist in both languages with exactly the variables the machine passes. The check is the locale
// validator's (bot/locales/validate.ts), the one admins' edits go through, not a copy of it.
import { expect } from 'chai';
import path from 'node:path';
import { MESSAGES, OUTCOME_NS } from '../../machines/complaint/messages';
import { LANGUAGES } from '../../bot/locales/instance';
import { checkLocales, flatten, readLocaleFiles, type LocaleFile } from '../../bot/locales/validate';

const LOCALES = path.join(__dirname, '..', '..', 'locales');

/** The outcome texts of one language, from a set of files as read from disk. */
function outcomeTexts(files: LocaleFile[], lng: string): Record<string, string> {
  const file = files.find((f) => f.lng === lng && f.ns === OUTCOME_NS);
  expect(file?.data, `${lng}/${OUTCOME_NS}.json`).to.be.an('object');
  return Object.fromEntries(flatten(file!.data!));
}

describe('outcome locale files', () => {
  const { files } = readLocaleFiles(LOCALES);
  const vi = outcomeTexts(files, 'vi');
  const catalogue = Object.keys(MESSAGES).sort();

  it('have exactly the catalogued keys, in both languages', () => {
    for (const lng of LANGUAGES) expect(Object.keys(outcomeTexts(files, lng)).sort(), lng).to.deep.equal(catalogue);
  });

  // The same check the admins' edits go through (npm run locales:check, live reload).
  it('pass the locale validator: every text uses exactly the variables the machine passes', () => {
    const problems = checkLocales(files).problems.filter((p) => p.file.endsWith(`/${OUTCOME_NS}.json`));
    expect(problems).to.deep.equal([]);
  });

  // The validator knows the machine's variables only through the catalogue: make sure it does.
  for (const key of Object.keys(MESSAGES) as Array<keyof typeof MESSAGES>) {
    const vars = MESSAGES[key];
    if (!vars.length) continue;
    it(`${key}: the validator refuses a text that drops {{${vars[0]}}} or uses an unknown variable`, () => {
      const edited = (text: string) =>
        files.map((f) => {
          if (f.lng !== 'vi' || f.ns !== OUTCOME_NS) return f;
          const data = structuredClone(f.data!);
          let node = data as Record<string, unknown>;
          const parts = key.split('.');
          for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
          node[parts.at(-1)!] = text;
          return { ...f, data };
        });
      const codes = (text: string) =>
        checkLocales(edited(text)).problems.filter((p) => p.file === `vi/${OUTCOME_NS}.json` && p.key === key).map((p) => p.code);
      const dropped = vi[key].replace(new RegExp(`\\{\\{-?\\s*${vars[0]}\\b[^}]*\\}\\}`, 'g'), '');
      expect(codes(dropped)).to.include('placeholder_removed');
      expect(codes(`${vi[key]} {{khongco}}`)).to.include('placeholder_unknown');
    });
  }

  it('address the customer as "Quý khách" in Vietnamese', () => {
    const informal = Object.entries(vi).filter(([, text]) => /\b(bạn|mày|em)\b/iu.test(text));
    expect(informal).to.deep.equal([]);
  });

  it('cite the rules in refusals', () => {
    expect(vi.expired).to.include('Điều 3').and.include('1 tháng');
    expect(vi['closed.card_shell_invalid']).to.include('Điều 3').and.include('xác thẻ');
    expect(vi['closed.wrong_account']).to.include('Qpal không hỗ trợ');
  });
});
