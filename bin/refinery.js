#!/usr/bin/env node
'use strict';
const path = require('node:path');
const v8 = require('node:v8');
// The local store is Postgres compiled to WebAssembly. A CLI run is short-lived: V8's optimising
// tier recompiles the whole module on background threads and costs more CPU than it saves, so
// keep the baseline compiler (must be set before the module is compiled).
v8.setFlagsFromString('--liftoff-only');
// A run allocates a lot of short-lived garbage around requests in flight; with a heap limit of
// several GB, V8 lets the old generation grow to 4x what survives before collecting it (peak RSS
// 300-350 MB for 15,000 cells). 2x keeps the peak near 270 MB for the same CPU (npm run bench).
v8.setFlagsFromString('--heap-growing-percent=100');
// The 5 MB bundle is compiled with the code cache of an earlier run (src/cli/compile-cache.ts).
// One cache per command: each holds the functions its command compiled.
const { loadWithCompileCache } = require('../dist/cli-loader.js');
const command = /^[a-z-]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const cli = loadWithCompileCache(path.join(__dirname, '../dist/cli.js'), { variant: command });
process.once('exit', () => cli.save());
cli.exports.runFromProcess();
