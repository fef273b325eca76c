import { benchWebhook } from './webhook.js';
import { benchInProcess } from './in-process.js';

/**
 * `npm run bench`: prints figures, never fails a build. Each section measures one capability;
 * record what it prints in docs/performance.md.
 */
async function runBenchmarks(): Promise<void> {
  const seconds = Number(process.env['BENCH_SECONDS'] ?? '5');
  console.log(`# gangway benchmarks (${new Date().toISOString()}, node ${process.version})`);
  benchInProcess();
  await benchWebhook(seconds);
}

runBenchmarks().catch((error: unknown) => {
  console.error('benchmark failed to run:', error);
});
