// `npx tsx scripts/bench/heap-summary.ts FILE.heapsnapshot [TOP]`: what a V8 heap snapshot holds,
// by kind and constructor (self size), largest first — enough to see whether the heap is our
// objects, the framework's, strings or compiled code, without opening a browser's devtools.
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export function summarise(file: string, top = 30): string {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const byKey = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    const size = snap.nodes[i + iSize];
    total += size;
    // Objects by constructor; strings, code, arrays and the rest by kind (their "names" are contents).
    const name = type === 'object' || type === 'native' || type === 'closure' ? snap.strings[snap.nodes[i + iName]].slice(0, 60) : '';
    const key = `${type}${name ? ` ${name}` : ''}`;
    const e = byKey.get(key) ?? { size: 0, count: 0 };
    e.size += size;
    e.count += 1;
    byKey.set(key, e);
  }
  const mb = (x: number) => (x / 2 ** 20).toFixed(1).padStart(7);
  const lines = [`heap snapshot ${file}: ${mb(total)} MB in ${snap.nodes.length / width} objects`, '     MB    count  kind / constructor'];
  for (const [key, e] of [...byKey].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
    lines.push(`${mb(e.size)} ${String(e.count).padStart(8)}  ${key}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: tsx scripts/bench/heap-summary.ts FILE.heapsnapshot [TOP]\n');
    process.exit(2);
  }
  console.log(summarise(file, Number(process.argv[3] ?? 30)));
}
