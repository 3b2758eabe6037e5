// A fresh clone must be readable on its own: every relative link of the README and of docs/ points
// at a file of the repository (the procedure and the card-system contract are described in docs/).
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FRAUD_SIGNALS, HANDOFF_REASONS, RESOLUTIONS, SITUATIONS } from '../../machines/complaint/types';

const ROOT = path.resolve(__dirname, '..', '..');
const pages = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Targets of inline Markdown links `[text](target)`, without a #fragment. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue; // http:, mailto:, anchors
    out.push(target.split('#')[0]);
  }
  return out;
}

describe('documentation links', () => {
  for (const page of pages) {
    it(`${page} links only to files inside the repository`, () => {
      const dir = path.dirname(path.join(ROOT, page));
      const bad = relativeLinks(readFileSync(path.join(ROOT, page), 'utf8')).filter((target) => {
        const resolved = path.resolve(dir, target);
        return !resolved.startsWith(ROOT + path.sep) || !existsSync(resolved);
      });
      expect(bad).to.deep.equal([]);
    });
  }

  // These pages name where each rule lives; when a file moves, the page must follow.
  for (const page of ['docs/procedure.md', 'docs/card-system.md']) {
    it(`${page} names only files that exist`, () => {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      const named = [...text.matchAll(/`([\w.-]+(?:\/[\w.{},-]+)+\.(?:ts|json|js))`/g)].map((m) => m[1]);
      expect(named.length, 'file names found').to.be.greaterThan(10);
      const expanded = named.flatMap((f) => {
        const m = /\{([^}]+)\}/.exec(f);
        return m ? m[1].split(',').map((alt) => f.replace(m[0], alt)) : [f];
      });
      expect(expanded.filter((f) => !existsSync(path.join(ROOT, f)))).to.deep.equal([]);
    });
  }

  it('docs/procedure.md describes every situation, resolution, handoff reason, fraud signal and procedure setting', () => {
    const text = readFileSync(path.join(ROOT, 'docs/procedure.md'), 'utf8');
    const settings = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'config/procedure.json'), 'utf8'))).filter((k) => !k.startsWith('_'));
    const codes = [...SITUATIONS, ...RESOLUTIONS, ...HANDOFF_REASONS, ...FRAUD_SIGNALS, ...settings];
    expect(codes.filter((c) => !text.includes(`\`${c}\``))).to.deep.equal([]);
  });

  it('docs/architecture.md lays out every folder and top-level file of bot/, and names only paths that exist', () => {
    const text = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const layout = text.slice(text.indexOf('## Layout of `bot/`'), text.indexOf('\n## ', text.indexOf('## Layout of `bot/`') + 1));
    const named = [...layout.matchAll(/`(bot\/[\w./-]*)`/g)].map((m) => m[1]);
    expect(named.filter((p) => !existsSync(path.join(ROOT, p)))).to.deep.equal([]);
    const inBot = readdirSync(path.join(ROOT, 'bot'), { withFileTypes: true }).map((e) => `bot/${e.name}${e.isDirectory() ? '/' : ''}`);
    expect(inBot.filter((p) => !named.includes(p))).to.deep.equal([]);
  });

  it('the README points at the procedure and the card-system contract in docs/', () => {
    const links = relativeLinks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(links).to.include.members(['docs/procedure.md', 'docs/card-system.md']);
  });
});
