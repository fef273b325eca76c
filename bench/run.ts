import { benchWebhook } from './webhook.js';
import { benchInProcess } from './in-process.js';
import { benchCa } from './ca.js';
import { benchAudit } from './audit.js';
import { benchXds } from './xds.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SECTIONS = ['in-process', 'webhook', 'ca', 'audit', 'xds'] as const;

type Section = (typeof SECTIONS)[number];

/** Runs one section in this process. */
async function runSection(section: Section, seconds: number): Promise<void> {
  switch (section) {
    case 'in-process':
      benchInProcess();
      return;
    case 'webhook':
      await benchWebhook(seconds);
      return;
    case 'ca':
      console.log('\n## CA: certificates over gRPC at concurrency 16');
      console.log(JSON.stringify(await benchCa()));
      return;
    case 'audit':
      console.log('\n## Audit of a generated snapshot');
      await benchAudit();
      return;
    case 'xds':
      console.log('\n## xDS: config change to 2,000 clients');
      await benchXds();
      return;
  }
}

/**
 * Runs one section in a child process of its own, so that its memory figures (RSS, heap) are its
 * own and not what earlier sections left in the heap.
 */
async function runSectionInChild(section: Section): Promise<void> {
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_ONLY: section, BENCH_CHILD: '1' },
    });
    child.on('exit', () => resolve());
    child.on('error', (error) => {
      console.error(`benchmark section ${section} did not start:`, error);
      resolve();
    });
  });
}

/**
 * `npm run bench`: prints figures, never fails a build. Each section measures one capability;
 * record what it prints in docs/performance.md. `BENCH_ONLY=webhook,ca` runs only those sections;
 * `BENCH_SECONDS` sets the length of each load run (5). With more than one section, each runs in a
 * process of its own.
 */
async function runBenchmarks(): Promise<void> {
  const seconds = Number(process.env['BENCH_SECONDS'] ?? '5');
  const only = process.env['BENCH_ONLY']?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) {
    console.error(`BENCH_ONLY: unknown section ${unknown.join(', ')} (${SECTIONS.join(', ')})`);
    return;
  }
  const wanted = SECTIONS.filter((section) => !only || only.includes(section));
  if (process.env['BENCH_CHILD'] !== '1') {
    console.log(`# gangway benchmarks (${new Date().toISOString()}, node ${process.version})`);
  }
  if (wanted.length === 1 && wanted[0]) {
    await runSection(wanted[0], seconds);
    return;
  }
  for (const section of wanted) await runSectionInChild(section);
}

runBenchmarks().catch((error: unknown) => {
  console.error('benchmark failed to run:', error);
});
