import { existsSync } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, type AuditReport } from '../../src/policy/index.js';
import { auditFile, FIXTURES } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `skipping the HTML report browser test: ${CHROMIUM} is absent (apt-get install chromium)`,
  );

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let report: AuditReport;
  const external: string[] = [];
  let dir: string;

  beforeAll(async () => {
    report = await auditFile(join(FIXTURES, 'golden', 'shop-end-to-end', 'input.yaml'));
    dir = await mkdtemp(join(tmpdir(), 'gangway-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(report));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The report must be self-contained: any request other than the file itself is a failure.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const findings = (): AuditReport['results'] =>
    report.results.filter((r) => ['fail', 'warn', 'error'].includes(r.result));
  const text = (selector: string): Promise<string> => page.locator(selector).innerText();
  const visibleRows = (): Promise<number> => page.locator('#findings tbody tr:visible').count();

  it('loads with no network access and renders a screenshot', async () => {
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    expect(external).toEqual([]);
  });

  it('shows the totals by severity and result, and one row per finding', async () => {
    expect(await text('#total-findings b')).toBe(String(findings().length));
    for (const severity of ['critical', 'high', 'medium', 'low', 'info'] as const) {
      const n = findings().filter((r) => r.severity === severity).length;
      expect(await text(`#count-${severity} b`)).toBe(String(n));
    }
    expect(await text('#result-pass b')).toBe(String(report.summary.pass));
    expect(await visibleRows()).toBe(findings().length);
    expect(await page.locator('#chart-severity svg g.bar').count()).toBe(5);
    expect(await page.locator('#chart-namespace svg g.bar').count()).toBeGreaterThan(0);
    const href = await page.locator('#findings tbody a').first().getAttribute('href');
    expect(href).toMatch(
      /^https:\/\/github\.com\/gangway-mesh\/gangway\/blob\/main\/docs\/(policies|analyzers)\.md#/,
    );
  });

  it('filters by severity and by text, and sorts by a column', async () => {
    await page.selectOption('#filter-severity', 'high');
    const high = findings().filter((r) => r.severity === 'high').length;
    expect(await visibleRows()).toBe(high);
    expect(await text('#visible-count')).toBe(String(high));
    await page.fill('#filter-text', 'Gateway/gw');
    const gatewayHigh = findings().filter(
      (r) =>
        r.severity === 'high' &&
        r.resources[0]?.name === 'gw' &&
        r.resources[0]?.kind === 'Gateway',
    ).length;
    expect(await visibleRows()).toBe(gatewayHigh);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-severity', '');
    expect(await visibleRows()).toBe(findings().length);
    await page.click('#findings th[data-key="rank"]');
    await page.click('#findings th[data-key="rank"]');
    expect(await page.locator('#findings tbody tr').first().getAttribute('data-severity')).toBe(
      'low',
    );
  });
});
