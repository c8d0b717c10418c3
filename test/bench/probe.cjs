// Preloaded into the CLI process by the benchmark (`node --require probe.cjs`): on exit it
// writes the process's own CPU time and peak RSS to $REFINERY_BENCH_PROBE. Not part of the product.
'use strict';
const { writeFileSync } = require('node:fs');
const out = process.env.REFINERY_BENCH_PROBE;
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(
      out,
      JSON.stringify({ userMs: cpu.user / 1000, systemMs: cpu.system / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024, uptimeMs: process.uptime() * 1000 }),
    );
  });
}
