// Preloaded into a benchmarked server (`node --require`): samples process.memoryUsage() every
// 250 ms and keeps the sample taken at the highest RSS in BENCH_MEMORY_FILE, so the bench can say
// what the peak was made of (V8 heap, memory outside it, array buffers) without asking the server.
// With BENCH_HEAPSNAPSHOT_MB and BENCH_HEAPSNAPSHOT_FILE, writes one V8 heap snapshot the first
// time RSS reaches that many MB (the server stops for seconds while it does: latency is then void).
const { writeFileSync } = require('node:fs');
const v8 = require('node:v8');
const file = process.env.BENCH_MEMORY_FILE;
const snapshotAt = Number(process.env.BENCH_HEAPSNAPSHOT_MB || 0) * 2 ** 20;
const snapshotFile = process.env.BENCH_HEAPSNAPSHOT_FILE;
if (file) {
  let peak = 0;
  let snapshotTaken = false;
  const sample = () => {
    const m = process.memoryUsage();
    if (snapshotAt && snapshotFile && !snapshotTaken && m.rss >= snapshotAt) {
      snapshotTaken = true;
      v8.writeHeapSnapshot(snapshotFile);
    }
    if (m.rss <= peak) return;
    peak = m.rss;
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
    writeFileSync(file, JSON.stringify({ ...m, spaces }));
  };
  setInterval(sample, 250).unref();
}
