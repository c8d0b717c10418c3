// CPU time of a process or thread from its /proc stat file (Linux), shared by the benchmark and
// the probe it preloads into the CLI (plain CommonJS, so that `node --require` can load it).
'use strict';
const { readFileSync } = require('node:fs');

/** User + system CPU (ms) in a `/proc/.../stat` file; undefined where there is none (not Linux, or gone). */
function cpuMsOfStat(file) {
  try {
    const stat = readFileSync(file, 'utf8');
    // after "pid (comm) ": the name may hold spaces and parentheses, so cut at its last ")"
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, at 100 ticks per second
    return Number.isFinite(ticks) ? (ticks * 1000) / 100 : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { cpuMsOfStat };
