import { benchWebhook } from './webhook.js';
import { benchInProcess } from './in-process.js';
import { benchCa } from './ca.js';
import { benchAudit } from './audit.js';
import { benchXds } from './xds.js';

/**
 * `npm run bench`: prints figures, never fails a build. Each section measures one capability;
 * record what it prints in docs/performance.md.
 */
async function runBenchmarks(): Promise<void> {
  const seconds = Number(process.env['BENCH_SECONDS'] ?? '5');
  console.log(`# gangway benchmarks (${new Date().toISOString()}, node ${process.version})`);
  benchInProcess();
  await benchWebhook(seconds);
  console.log('\n## CA: certificates over gRPC at concurrency 16');
  console.log(JSON.stringify(await benchCa()));
  console.log('\n## Audit of a generated snapshot');
  await benchAudit();
  console.log('\n## xDS: config change to 2,000 clients');
  await benchXds();
}

runBenchmarks().catch((error: unknown) => {
  console.error('benchmark failed to run:', error);
});
