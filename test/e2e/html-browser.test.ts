// The HTML report in a real headless Chromium (a system one or the packaged one, see
// helpers/chromium.ts), driven by playwright-core: the charts render, filtering the case list
// works, nothing is fetched, and hostile agent output is text.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/chromium.js';
import { HOSTILE_OUTPUT, shopProject } from './helpers/report-project.js';
import { REPO, runCli } from './helpers/run-cli.js';

const SCREENSHOTS = join(REPO, 'test-results');

// The callbacks of evaluate/evaluateAll run in the page; the project's types have no DOM (lib
// ES2023, node), so they name the little of it they use.
type PageGlobals = { __pwned?: number };
type SvgShape = { getBBox(): { width: number; height: number } };

describe('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let reportUrl: string;

  beforeAll(async () => {
    const dir = shopProject();
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
    const run = await runCli(dir, ['eval', '--reporter', 'html:out/report.html'], { AGENT_FAIL_CASES: 'lookup-1,refund-3', AGENT_HOSTILE: '1' });
    expect(run.exitCode).toBe(1);
    reportUrl = pathToFileURL(join(dir, 'out/report.html')).href;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the charts, filters the cases, fetches nothing and shows hostile output as text', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(reportUrl, { waitUntil: 'load' });

    // Verdict first, and the three charts drawn with a real size and real bars.
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('Gate FAILED (2 thresholds)');
    for (const id of ['success-chart', 'latency-chart', 'cost-chart']) {
      const box = await page.locator(`svg#${id}`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(100);
      expect(box?.height, id).toBeGreaterThan(30);
      const bars = await page.locator(`svg#${id} rect.bar`).evaluateAll((rects) =>
        rects.map((r) => (r as unknown as SvgShape).getBBox()).filter((b) => b.width > 0 && b.height > 0).length,
      );
      expect(bars, id).toBeGreaterThan(0);
    }
    expect(await page.locator('svg#success-chart g.bar-row').count()).toBe(6); // overall + suite, 2 risk and 2 tag slices
    expect(await page.locator('svg#success-chart g.bar-row.failed').count()).toBe(1); // overall failed its thresholds

    // Filtering: by status, by text, and back to all.
    const visible = () => page.locator('details.case:visible').count();
    await expect.poll(() => page.locator('#shown').textContent()).toBe('5 of 5 cases');
    await page.selectOption('#status', 'failed');
    await expect.poll(visible).toBe(3);
    expect(await page.locator('#shown').textContent()).toBe('3 of 5 cases');
    await page.fill('#filter', 'REFUND-'); // case-insensitive, over ids, tags, tools and reasons
    await expect.poll(visible).toBe(1);
    expect(await page.locator('details.case:visible code').first().textContent()).toBe('shop/refund-3');
    await page.selectOption('#status', 'all');
    await expect.poll(visible).toBe(2);
    await page.fill('#filter', 'no case has this text');
    await expect.poll(visible).toBe(0);
    await page.fill('#filter', '');
    await expect.poll(visible).toBe(5);

    // A case's trace: tool calls, the policy decision that denied the refund, the output.
    const refund = page.locator('details.case', { has: page.locator('code', { hasText: 'shop/refund-3' }) });
    await refund.locator('summary').click();
    await expect.poll(() => refund.locator('table.tool-calls tbody tr').count()).toBe(2);
    expect(await refund.locator('table.decisions').textContent()).toContain('refund-capissue_refunddeny');

    // Hostile output: shown as text, no script ran, no element created, PII redacted.
    const hostile = page.locator('details.case', { has: page.locator('code', { hasText: 'shop/hostile-output' }) });
    await hostile.locator('summary').click();
    const output = await hostile.locator('pre.output').textContent();
    expect(output).toContain('mail [email] <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">');
    expect(output).toContain('\\x1b[2J');
    expect(output).not.toContain('jane.doe');
    expect(HOSTILE_OUTPUT).toContain('jane.doe');
    expect(await page.evaluate(() => (globalThis as PageGlobals).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'html-report.png'), fullPage: true });

    // Nothing but the file itself was requested, and our own script ran without an error.
    expect(requests).toEqual([reportUrl]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
