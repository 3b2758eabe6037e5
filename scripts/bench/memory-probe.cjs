// Preloaded into a benchmarked server (`node --require`): samples process.memoryUsage() every
// 250 ms and keeps the sample taken at the highest RSS in BENCH_MEMORY_FILE, so the bench can say
// what the peak was made of (V8 heap, memory outside it, array buffers) without asking the server.
const { writeFileSync } = require('node:fs');
const v8 = require('node:v8');
const file = process.env.BENCH_MEMORY_FILE;
if (file) {
  let peak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss <= peak) return;
    peak = m.rss;
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
    writeFileSync(file, JSON.stringify({ ...m, spaces }));
  };
  setInterval(sample, 250).unref();
}
