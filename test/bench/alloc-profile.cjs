// Preloaded into a process by `bench.js --alloc-prof DIR` (`node --require alloc-profile.cjs`):
// V8's sampling heap profiler over the whole life of the process, counting the objects the GC
// collected too, so the profile says what allocates (the scavenges' work), not only what is
// still alive at exit (as `node --heap-prof` does). Written at exit to
// $REFINERY_BENCH_ALLOC_DIR/alloc-<pid>.heapprofile; summarise it with alloc-profile-summary.mjs.
// Not part of the product.
'use strict';
const dir = process.env.REFINERY_BENCH_ALLOC_DIR;
if (dir) {
  const fs = require('node:fs');
  const path = require('node:path');
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  process.once('exit', () => {
    // an in-process session answers synchronously, so this runs before the process ends
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(result.profile));
    });
  });
}
