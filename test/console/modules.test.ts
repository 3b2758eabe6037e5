import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';

// The console is plain ES modules without a build step: nothing but the browser would notice a name
// a module uses and does not import, or an import of a name another module does not export, and
// only on the path that runs it. The TypeScript checker reads the modules as JavaScript and says.
const CONSOLE = path.resolve(__dirname, '..', '..', 'console');
const UNRESOLVED = new Set([
  2304, // Cannot find name
  2552, // Cannot find name (did you mean)
  2305, // Module has no exported member
  2724, // has no exported member (did you mean)
  2307, // Cannot find module
  2306, // File is not a module
]);

describe('console modules', function () {
  this.timeout(60000);

  it('every name a console module uses is declared, imported from a module that exports it, or a browser global', () => {
    const files = [path.join(CONSOLE, 'app.js'), ...readdirSync(path.join(CONSOLE, 'js')).filter((f) => f.endsWith('.js')).map((f) => path.join(CONSOLE, 'js', f))];
    expect(files.length).to.be.greaterThan(10);
    const program = ts.createProgram(files, {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => UNRESOLVED.has(d.code))
      .map((d) => `${path.relative(CONSOLE, d.file?.fileName ?? '?')}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(problems).to.deep.equal([]);
  });
});
