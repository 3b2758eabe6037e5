import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CatalogueEntry, SERVICE_REASONS, findService, fuzzyHits, loadCatalogue } from '../../dialogs/understanding/services';
import { fold } from '../../machines/text/fold';

describe('understanding/services', () => {
  describe('loadCatalogue', () => {
    const catalogue = loadCatalogue();

    it('has at least 12 services with unique ids and placeholder 1900 hotlines', () => {
      expect(catalogue.length).to.be.at.least(12);
      expect(new Set(catalogue.map((e) => e.id)).size).to.equal(catalogue.length);
      for (const entry of catalogue) expect(entry.hotline).to.match(/^1900 \d{4}$/);
    });

    it('finds every catalogue name and alias as its own entry', () => {
      for (const entry of catalogue) {
        for (const text of [entry.name, ...entry.aliases]) {
          expect(findService(text), text).to.deep.equal({ ok: true, value: { id: entry.id, name: entry.name, hotline: entry.hotline } });
        }
      }
    });
  });

  describe('findService', () => {
    const cases: [string, string | { name: string } | 'empty' | 'too_long' | 'not_a_name'][] = [
      ['nạp game liên quân cho em', 'lien-quan-mobile'],
      ['Liên Quân Mobile', 'lien-quan-mobile'],
      ['lien quan', 'lien-quan-mobile'],
      ['lienquan', 'lien-quan-mobile'],
      ['lqm', 'lien-quan-mobile'],
      ['LQM ạ', 'lien-quan-mobile'],
      ['nạp game liên quân cho em'.normalize('NFD'), 'lien-quan-mobile'],
      ['naruto', 'naruto-dai-chien'],
      ['Naruto Đại Chiến', 'naruto-dai-chien'],
      ['nauto', 'naruto-dai-chien'],
      ['cuu am', 'cuu-am-chan-kinh'],
      ['Cửu Âm Chân Kinh', 'cuu-am-chan-kinh'],
      ['cửu âm chân kinh'.normalize('NFD'), 'cuu-am-chan-kinh'],
      ['bangbang', 'bang-bang'],
      ['bang bang', 'bang-bang'],
      ['ngoc rong', 'ngoc-rong-online'],
      ['nro', 'ngoc-rong-online'],
      ['game ngọc rồng online', 'ngoc-rong-online'],
      ['vltk', 'vo-lam-truyen-ky'],
      ['võ lâm', 'vo-lam-truyen-ky'],
      ['vo lam truyen ki', 'vo-lam-truyen-ky'],
      ['ff', 'free-fire'],
      ['free fire', 'free-fire'],
      ['nạp kim cương free fire', 'free-fire'],
      ['cf', 'dot-kich'],
      ['đột kích', 'dot-kich'],
      ['dot kich', 'dot-kich'],
      ['Gunny', 'gunny'],
      ['tây du ký', 'tay-du-ky'],
      ['pubg', 'pubg-mobile'],
      ['nạp UC pubg mobile', 'pubg-mobile'],
      ['kiếm thế', 'kiem-the'],
      ['tốc chiến', 'toc-chien'],
      ['zing speed', 'zing-speed-mobile'],
      // Unknown names are kept as written.
      ['Tiên Kiếm', { name: 'Tiên Kiếm' }],
      // A known alias inside a longer name wins; the customer sees it in the summary and can correct it.
      ['  Mộng   Võ Lâm Mới  ', 'vo-lam-truyen-ky'],
      ['Thiên Long Bát Bộ', { name: 'Thiên Long Bát Bộ' }],
      ['Genshin Impact', { name: 'Genshin Impact' }],
      ['tiên', { name: 'tiên' }],
      ['', 'empty'],
      ['   ', 'empty'],
      ['😀', 'empty'],
      ['a'.repeat(101), 'too_long'],
      ['em nạp vào một cái game mà em cũng không nhớ tên là gì luôn', 'not_a_name'],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        const out = findService(input);
        if (typeof expected === 'object') {
          expect(out).to.deep.equal({ ok: true, value: expected });
        } else if ((SERVICE_REASONS as readonly string[]).includes(expected)) {
          expect(out).to.deep.equal({ ok: false, reason: expected });
        } else {
          expect(out.ok && out.value.id).to.equal(expected);
        }
      });
    }

    it('uses the catalogue it is given', () => {
      const catalogue: CatalogueEntry[] = [{ id: 'tlbb', name: 'Thiên Long Bát Bộ', aliases: ['tlbb'], hotline: '1900 9999' }];
      expect(findService('tlbb', catalogue)).to.deep.equal({
        ok: true,
        value: { id: 'tlbb', name: 'Thiên Long Bát Bộ', hotline: '1900 9999' },
      });
      expect(findService('naruto', catalogue)).to.deep.equal({ ok: true, value: { name: 'naruto' } });
    });
  });

  // The fuzzy search skips an entry none of whose names share enough two-letter pieces with the
  // window. That must never change what is found: every window of every message of the corpus,
  // and every name and alias mistyped one to four times, get the same hits as before.
  describe('fuzzy search entry by entry, skipping entries that cannot match', () => {
    const catalogue = loadCatalogue();
    const dir = path.join(__dirname, 'corpus');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'))
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split('=>')[0].split('|').pop()!.trim());
    let seed = 17;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
    const mistype = (s: string, times: number) => {
      let out = s;
      for (let k = 0; k < times; k += 1) {
        const i = Math.floor(random() * (out.length + 1));
        const c = letters[Math.floor(random() * letters.length)];
        const op = Math.floor(random() * 3);
        out = op === 0 ? out.slice(0, i) + c + out.slice(i) : op === 1 ? out.slice(0, i) + out.slice(i + 1) : out.slice(0, i) + c + out.slice(i + 1);
      }
      return out.trim();
    };
    const windowsOf = (text: string) => {
      const words = fold(text).replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
      const out: string[] = [];
      for (let size = 1; size <= 4; size += 1) for (let i = 0; i + size <= words.length; i += 1) out.push(words.slice(i, i + size).join(' '));
      return out;
    };
    const names = catalogue.flatMap((e) => [e.name, ...e.aliases]).map((n) => fold(n).replace(/[^a-z0-9]+/g, ' ').trim());
    const queries = [
      ...new Set([
        ...texts.flatMap(windowsOf),
        ...names.flatMap((n) => [1, 1, 2, 2, 3, 4].map((times) => mistype(n, times))),
        ...names.flatMap((n) => windowsOf(n).map((w) => mistype(w, 1))),
      ]),
    ].filter((q) => q.replace(/ /g, '').length >= 4);

    it('finds the same games entry by entry, skipping those that cannot match, as in one search of the whole catalogue', () => {
      let searched = 0;
      let matched = 0;
      for (const q of queries) {
        const whole = fuzzyHits(q, { split: false }, catalogue);
        const split = fuzzyHits(q, { split: true }, catalogue);
        expect(split.hits, q).to.deep.equal(whole.hits);
        if (whole.hits.length) matched += 1;
        searched += split.searched;
      }
      if (process.env.SHOW_FIGURES) console.log({ queries: queries.length, matched, searched, entries: catalogue.length });
      expect(queries.length).to.be.greaterThan(2000);
      expect(matched, 'windows that match a game').to.be.greaterThan(500);
      // The point of the split: most entries are not searched for most windows.
      expect(searched, 'entries searched').to.be.lessThan(0.2 * queries.length * catalogue.length);
    });
  });
});
