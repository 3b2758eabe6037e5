// Every message the machine can emit (its typed catalogue, machines/complaint/messages.ts) must
// exist in both languages with exactly the variables the machine passes.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MESSAGES } from '../../machines/complaint/messages';

type Tree = { [key: string]: string | Tree };

function load(lng: string): Tree {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'locales', lng, 'outcome.json'), 'utf8'));
}

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}

/** i18next placeholders: {{name}} or {{name, format}}. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]))].sort();
}

describe('outcome locale files', () => {
  const vi = flatten(load('vi'));
  const en = flatten(load('en'));
  const catalogue = Object.keys(MESSAGES).sort();

  it('have exactly the catalogued keys, in both languages', () => {
    expect(Object.keys(vi).sort()).to.deep.equal(catalogue);
    expect(Object.keys(en).sort()).to.deep.equal(catalogue);
  });

  for (const key of Object.keys(MESSAGES) as Array<keyof typeof MESSAGES>) {
    it(`${key}: both languages use exactly the variables the machine passes`, () => {
      const declared = [...MESSAGES[key]].sort();
      expect(placeholders(vi[key]), `vi ${key}`).to.deep.equal(declared);
      expect(placeholders(en[key]), `en ${key}`).to.deep.equal(declared);
      expect(vi[key].trim(), `vi ${key}`).to.not.equal('');
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
