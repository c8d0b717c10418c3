const { PGlite } = require('@electric-sql/pglite');
(async () => {
  const c0 = process.cpuUsage(); const t0 = Date.now();
  const db = await PGlite.create(process.argv[2], { postgresqlconf: 'shared_buffers=16MB' });
  await db.query('select 1');
  const c1 = process.cpuUsage(c0);
  console.log('open wall', Date.now() - t0, 'cpu ms', ((c1.user + c1.system) / 1000).toFixed(0), 'rss', (process.memoryUsage().rss/2**20).toFixed(0));
  const c2 = process.cpuUsage();
  const r = await db.query('select count(*) from run_cell');
  console.log('count', r.rows[0], 'cpu', ((process.cpuUsage(c2).user)/1000).toFixed(0));
  await db.close();
})();
