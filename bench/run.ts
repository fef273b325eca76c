import { benchWebhook } from './webhook.js';
import { benchInProcess } from './in-process.js';
import { benchCa } from './ca.js';
import { benchAudit } from './audit.js';
import { benchXds } from './xds.js';

const SECTIONS = ['in-process', 'webhook', 'ca', 'audit', 'xds'] as const;

/**
 * `npm run bench`: prints figures, never fails a build. Each section measures one capability;
 * record what it prints in docs/performance.md. `BENCH_ONLY=webhook,ca` runs only those sections;
 * `BENCH_SECONDS` sets the length of each load run (5).
 */
async function runBenchmarks(): Promise<void> {
  const seconds = Number(process.env['BENCH_SECONDS'] ?? '5');
  const only = process.env['BENCH_ONLY']?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) {
    console.error(`BENCH_ONLY: unknown section ${unknown.join(', ')} (${SECTIONS.join(', ')})`);
    return;
  }
  const wanted = (section: (typeof SECTIONS)[number]): boolean => !only || only.includes(section);
  console.log(`# gangway benchmarks (${new Date().toISOString()}, node ${process.version})`);
  if (wanted('in-process')) benchInProcess();
  if (wanted('webhook')) await benchWebhook(seconds);
  if (wanted('ca')) {
    console.log('\n## CA: certificates over gRPC at concurrency 16');
    console.log(JSON.stringify(await benchCa()));
  }
  if (wanted('audit')) {
    console.log('\n## Audit of a generated snapshot');
    await benchAudit();
  }
  if (wanted('xds')) {
    console.log('\n## xDS: config change to 2,000 clients');
    await benchXds();
  }
}

runBenchmarks().catch((error: unknown) => {
  console.error('benchmark failed to run:', error);
});
