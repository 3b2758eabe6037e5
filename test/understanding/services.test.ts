import { expect } from 'chai';
import { CatalogueEntry, SERVICE_REASONS, findService, loadCatalogue } from '../../dialogs/understanding/services';

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
});
