#!/usr/bin/env node
'use strict';
// The local store is Postgres compiled to WebAssembly. A CLI run is short-lived: V8's optimising
// tier recompiles the whole module on background threads and costs more CPU than it saves, so
// keep the baseline compiler (must be set before the module is compiled).
require('node:v8').setFlagsFromString('--liftoff-only');
require('../dist/cli.js').runFromProcess();
