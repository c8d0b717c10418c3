// Preloaded into the CLI process by the benchmark (`node --require probe.cjs`): on exit it
// writes the process's own CPU time and peak RSS to $REFINERY_BENCH_PROBE, and the memory
// split (V8 heap, array buffers incl. PGlite's WebAssembly memory) when the RSS peaked, from
// a sample every 250 ms. Not part of the product.
'use strict';
const { readdirSync, writeFileSync } = require('node:fs');
const { cpuMsOfStat } = require('./proc-cpu.cjs');
const out = process.env.REFINERY_BENCH_PROBE;
if (out) {
  let peak = { rss: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peak.rss) peak = { ...usage, uptime: process.uptime() };
    if (process.env.REFINERY_BENCH_TRACE) {
      const mb = (bytes) => Math.round(bytes / 2 ** 20);
      process.stderr.write(`[probe] ${Math.round(process.uptime() * 10) / 10}s rss ${mb(usage.rss)} heap ${mb(usage.heapUsed)}/${mb(usage.heapTotal)} ab ${mb(usage.arrayBuffers)}\n`);
    }
  };
  setInterval(sample, 250).unref();
  // CPU (ms) of the threads other than the main one: V8's optimising compiler and GC helpers,
  // libuv's pool. From /proc, so Linux only; left out elsewhere.
  const otherThreadsMs = () => {
    let tasks;
    try {
      tasks = readdirSync('/proc/self/task');
    } catch {
      return undefined;
    }
    let ms = 0;
    for (const task of tasks) if (Number(task) !== process.pid) ms += cpuMsOfStat(`/proc/self/task/${task}/stat`) ?? 0;
    return ms;
  };
  process.on('exit', () => {
    sample();
    const cpu = process.cpuUsage();
    const mb = (bytes) => Math.round(bytes / 2 ** 20);
    writeFileSync(
      out,
      JSON.stringify({
        userMs: cpu.user / 1000,
        systemMs: cpu.system / 1000,
        otherThreadsMs: otherThreadsMs(),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        uptimeMs: process.uptime() * 1000,
        atPeakMb: { rss: mb(peak.rss), heapTotal: mb(peak.heapTotal), heapUsed: mb(peak.heapUsed), external: mb(peak.external), arrayBuffers: mb(peak.arrayBuffers) },
        // when the RSS peaked (s since the process started)
        peakAtS: Math.round((peak.uptime ?? 0) * 10) / 10,
      }),
    );
  });
}
