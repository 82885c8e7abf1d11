// Goal: `renderSimulationReport` writes one self-contained HTML document that shows every run's
// outcomes, cause counts and traced cancellations, escapes whatever a run carries, requests nothing,
// and draws every chart without a console error. Method: render a hand-built three-run input
// (event, event without buffers, batch) and assert on the HTML; then open it in Debian's headless
// Chromium through playwright-core, check each canvas has a drawn Chart.js chart, and save a
// full-page screenshot to test-results/simulation-report.png for a person to look at.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadChartJsSource } from '../../src/cli/chart-js-source.ts';
import { inlineScriptSource, jsonForScriptElement } from '../../src/cli/html-escape.ts';
import { renderSimulationReport, type SimulationReportInput } from '../../src/cli/render-simulation-report.ts';
import { BUCKETS } from '../../src/core/ledger/buckets.ts';
import {
  type BucketSample,
  CANCELLATION_CAUSES,
  type CancellationCause,
  type CancellationTrace,
  type RunDetail,
} from '../../src/core/simulation/run-detail.ts';
import type { RunOutcome } from '../../src/core/simulation/simulation-outcome.ts';

const CHROMIUM = '/usr/bin/chromium';
const requireServices = process.env.OMNISTOCK_REQUIRE_SERVICES === '1';
const browserSkipReason = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium)`;
if (browserSkipReason && requireServices) throw new Error(`OMNISTOCK_REQUIRE_SERVICES=1 but ${browserSkipReason}`);
if (browserSkipReason) console.warn(`skipping the HTML report browser test: ${browserSkipReason}`);

const RESULTS_DIR = new URL('../../test-results/', import.meta.url).pathname;
const START_MS = Date.parse('2026-03-06T18:00:00Z');
const HOUR_MS = 3_600_000;
const HOSTILE_DETAIL = '2 till sales at ST-0012 from 19:14 not posted yet </script><script>alert(1)</script> & "quoted"';

/** 49 samples, every 15 minutes over 12 hours: stock sells down, a transfer arrives at hour 6. */
function samples(scale: number): BucketSample[] {
  return Array.from({ length: 49 }, (_, i) => {
    const units = {
      available: Math.round(scale * (9_000 - 150 * i + (i >= 24 ? 3_000 : 0))),
      reserved: 120 + ((i * 37) % 90),
      allocated: 300 + ((i * 53) % 250),
      quarantine: 10 + (i % 7),
      refurbish: 4,
      damaged: 2 + Math.floor(i / 10),
      inbound: i < 24 ? 3_000 : 0,
    };
    const value = Object.fromEntries(BUCKETS.map((b) => [b, units[b] * 21.5])) as BucketSample['value'];
    return { atMs: START_MS + i * 15 * 60_000, units, value };
  });
}

function trace(n: number, causes: CancellationCause[], detail = `pick short at DC-01 for order ${n}`): CancellationTrace {
  return {
    atMs: START_MS + HOUR_MS + n * 60_000,
    channel: n % 2 === 0 ? 'web' : 'marketplace-a',
    orderRef: `ord-${String(n).padStart(5, '0')}`,
    sku: `SKU-${String(n % 97).padStart(4, '0')}`,
    node: causes.includes('refused_at_checkout') ? null : 'DC-01',
    units: 1 + (n % 3),
    causes,
    detail,
  };
}

const outcome = (o: Partial<RunOutcome> & Pick<RunOutcome, 'sync' | 'exposureBuffers'>): RunOutcome => ({
  ordersAccepted: 0,
  oversoldUnits: 0,
  cancellations: 0,
  fillRate: 1,
  lostSales: 0,
  latencyMsP50: 0,
  latencyMsP99: 0,
  returnToStockHoursMedian: null,
  casesOpened: 0,
  casesAutoResolved: 0,
  avgInventoryValue: 0,
  eventsProcessed: 0,
  wallSeconds: 0,
  ...o,
});

const eventTraces = [
  trace(1, ['late_pos_posting'], HOSTILE_DETAIL),
  trace(2, ['late_pos_posting']),
  trace(3, ['hidden_shrink']),
  trace(4, ['hidden_shrink', 'late_pos_posting']),
  trace(5, ['unexplained']),
];
const noBufferTraces = [
  ...Array.from({ length: 6 }, (_, i) => trace(10 + i, ['late_pos_posting'])),
  trace(20, ['refused_at_checkout']),
  trace(21, ['till_sale_of_promised_unit']),
];
const batchTraces = Array.from({ length: 1_005 }, (_, i) => trace(100 + i, i % 5 === 0 ? ['stale_channel_view', 'late_pos_posting'] : ['stale_channel_view']));
const units = (ts: readonly CancellationTrace[]) => ts.reduce((s, t) => s + t.units, 0);

const details: RunDetail[] = [
  {
    sync: 'event',
    exposureBuffers: true,
    label: 'event',
    samples: samples(1),
    cancellations: eventTraces,
    cases: [
      { type: 'stock_mismatch', opened: 14, autoResolved: 9 },
      { type: 'failed_integration', opened: 3, autoResolved: 0 },
    ],
    shortPicks: { shortUnits: 9, reroutedUnits: 4, substitutedUnits: 2, cancelledUnits: 3, notifications: 3 },
    returnUnits: { restocked: 41, refurbishing: 7, damaged: 3 },
  },
  {
    sync: 'event',
    exposureBuffers: false,
    label: 'event, no buffers',
    samples: samples(0.97),
    cancellations: noBufferTraces,
    cases: [
      { type: 'stock_mismatch', opened: 15, autoResolved: 9 },
      { type: 'negative_available', opened: 6, autoResolved: 6 },
      { type: 'failed_integration', opened: 3, autoResolved: 0 },
    ],
    shortPicks: { shortUnits: 9, reroutedUnits: 4, substitutedUnits: 2, cancelledUnits: 3, notifications: 3 },
    returnUnits: { restocked: 41, refurbishing: 7, damaged: 3 },
  },
  {
    sync: 'batch',
    exposureBuffers: true,
    label: 'batch 15m',
    samples: samples(1.04),
    cancellations: batchTraces,
    cases: [
      { type: 'stock_mismatch', opened: 41, autoResolved: 12 },
      { type: 'negative_available', opened: 88, autoResolved: 80 },
      { type: 'failed_integration', opened: 3, autoResolved: 0 },
    ],
    shortPicks: { shortUnits: 1_234, reroutedUnits: 1_000, substitutedUnits: 200, cancelledUnits: 34, notifications: 230 },
    returnUnits: { restocked: 39, returned_to_vendor: 5 },
  },
];

const runs: RunOutcome[] = [
  outcome({
    sync: 'event',
    exposureBuffers: true,
    ordersAccepted: 12_345,
    oversoldUnits: units(eventTraces),
    cancellations: 5,
    fillRate: 0.9735,
    lostSales: 1_402,
    latencyMsP50: 0,
    latencyMsP99: 0,
    casesOpened: 17,
    casesAutoResolved: 9,
    avgInventoryValue: 1_234_567.891,
    eventsProcessed: 98_765,
    wallSeconds: 4.125,
  }),
  outcome({
    sync: 'event',
    exposureBuffers: false,
    ordersAccepted: 12_401,
    oversoldUnits: units(noBufferTraces),
    cancellations: 8,
    fillRate: 0.9712,
    lostSales: 1_455,
    latencyMsP50: 0,
    latencyMsP99: 0,
    casesOpened: 24,
    casesAutoResolved: 15,
    avgInventoryValue: 1_199_000.5,
    eventsProcessed: 98_770,
    wallSeconds: 4.25,
  }),
  outcome({
    sync: 'batch',
    exposureBuffers: true,
    ordersAccepted: 12_990,
    oversoldUnits: units(batchTraces),
    cancellations: 1_005,
    fillRate: 0.9102,
    lostSales: 4_020,
    latencyMsP50: 431_000,
    latencyMsP99: 893_500,
    returnToStockHoursMedian: 2.75,
    casesOpened: 132,
    casesAutoResolved: 92,
    avgInventoryValue: 1_301_234,
    eventsProcessed: 98_790,
    wallSeconds: 3.5,
  }),
];

const input: SimulationReportInput = {
  report: { scenario: 'fashion-weekend', seed: 7, runs },
  details,
  scenario: {
    name: 'fashion-weekend',
    description: 'A promotion evening & night: stores, DCs, a web shop and marketplaces <competing> for the same SKUs.',
    durationHours: 12,
    start: '2026-03-06T18:00:00Z',
    skus: 2_000,
    stores: 300,
  },
  target: 'in-process engine (scratch SQLite)',
};

const chartJs = await loadChartJsSource();
const html = renderSimulationReport(input, chartJs);

/** Whether `text` contains `needle`, asserted with the needle as the message (a failure must not print the whole page). */
function expectIn(text: string, needle: string, present = true): void {
  expect(text.includes(needle), `${present ? 'missing' : 'unexpected'}: ${needle}`).toBe(present);
}

/** The `<td>` texts of the outcome row whose field is `field`. */
function outcomeCells(field: string): string[] {
  const row = new RegExp(`<tr><th scope="row">[^<]*<code>${field}</code>.*?</tr>`).exec(html)?.[0] ?? '';
  return [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1] ?? '');
}

/** The HTML of section 7's block for run `index` (up to the next run's heading or the section end). */
function cancellationBlock(index: number): string {
  const from = html.indexOf(`<h3 id="cancellations-${index}">`);
  const next = html.indexOf(`<h3 id="cancellations-${index + 1}">`);
  return html.slice(from, next === -1 ? html.indexOf('</section>', from) : next);
}

describe('the HTML simulation report', () => {
  it('names the scenario, seed, window, size and target, and labels every run', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expectIn(html, '<title>Omnistock simulation: fashion-weekend, seed 7</title>');
    expectIn(html, '<dt>seed</dt><dd>7</dd>');
    expectIn(html, '2026-03-06 18:00 to 2026-03-07 06:00 UTC (12 h)');
    expectIn(html, '2,000 SKUs, 300 stores');
    expectIn(html, 'in-process engine (scratch SQLite)');
    expectIn(html, 'A promotion evening &amp; night: stores, DCs, a web shop and marketplaces &lt;competing&gt;');
    for (const label of ['event', 'event, no buffers', 'batch 15m']) expectIn(html, `<th scope="col" class="run">${label}</th>`);
  });

  it('shows every outcome figure, formatted, one column per run in order', () => {
    const expected: Record<string, string[]> = {
      ordersAccepted: ['12,345', '12,401', '12,990'],
      oversoldUnits: ['11', '16', '2,010'],
      cancellations: ['5', '8', '1,005'],
      fillRate: ['97.35 %', '97.12 %', '91.02 %'],
      lostSales: ['1,402', '1,455', '4,020'],
      latencyMsP50: ['0 ms', '0 ms', '431,000 ms'],
      latencyMsP99: ['0 ms', '0 ms', '893,500 ms'],
      returnToStockHoursMedian: ['—', '—', '2.75 h'],
      casesOpened: ['17', '24', '132'],
      casesAutoResolved: ['9', '15', '92'],
      avgInventoryValue: ['1,234,567.89', '1,199,000.50', '1,301,234.00'],
      eventsProcessed: ['98,765', '98,770', '98,790'],
      wallSeconds: ['4.125 s', '4.25 s', '3.5 s'],
    };
    expect([units(eventTraces), units(noBufferTraces), units(batchTraces)]).toEqual([11, 16, 2_010]);
    for (const [field, cells] of Object.entries(expected)) expect(outcomeCells(field), field).toEqual(cells);
    // The same rows as the terminal table: every RunOutcome field but sync and exposureBuffers.
    const fields = [...html.matchAll(/<th scope="row">[^<]*<code>(\w+)<\/code>/g)].map((m) => m[1]);
    expect(fields).toEqual(Object.keys(runs[0] ?? {}).filter((k) => k !== 'sync' && k !== 'exposureBuffers'));
  });

  it('states the cause counts of each run in full, including the traces not listed', () => {
    // The input uses every cause, so each has a label, a colour and a count row.
    expect(new Set(details.flatMap((d) => d.cancellations.flatMap((t) => t.causes)))).toEqual(new Set(CANCELLATION_CAUSES));
    const event = cancellationBlock(0);
    expectIn(event, '<strong>5</strong> traced cancellations covering <strong>');
    expectIn(event, '<tr><th scope="row">late POS posting</th><td>3</td>');
    expectIn(event, '<tr><th scope="row">hidden shrink found at pick</th><td>2</td>');
    expectIn(event, '<tr><th scope="row">unexplained</th><td>1</td>');
    const noBuffers = cancellationBlock(1);
    expectIn(noBuffers, '<tr><th scope="row">refused at checkout</th><td>1</td>');
    expectIn(noBuffers, '<tr><th scope="row">late POS posting</th><td>6</td>');
    expectIn(noBuffers, '<tr><th scope="row">till sale of a promised unit</th><td>1</td><td>1</td></tr>');
    const batch = cancellationBlock(2);
    expectIn(batch, '<strong>1,005</strong> traced cancellations');
    expectIn(batch, `<tr><th scope="row">stale channel view (batch snapshot)</th><td>1,005</td><td>${units(batchTraces).toLocaleString('en-US')}</td></tr>`);
    expectIn(batch, '<tr><th scope="row">late POS posting</th><td>201</td>');
    // The table stops at 1,000 rows per run and says how many it left out.
    expect(batch.match(/<tr><td>2026-/g)?.length).toBe(1_000);
    expectIn(batch, '5 more not shown');
    expect(event.match(/<tr><td>2026-/g)?.length).toBe(5);
    expectIn(event, 'more not shown', false);
  });

  it('escapes run text, so a </script> in a detail cannot break out, and inlines parseable chart data', () => {
    expectIn(html, '<script>alert(1)</script>', false);
    expectIn(html, 'not posted yet &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;');
    // Strings in the inlined JSON (labels, legends) cannot end its element either.
    const hostile = { label: '</script><!-- & \u2028 "x"' };
    const encoded = jsonForScriptElement(hostile);
    expect(/[<>&\u2028]/.test(encoded)).toBe(false);
    expect(JSON.parse(encoded)).toEqual(hostile);
    // Exactly three script elements: the data, Chart.js, and the bootstrap.
    expect(html.match(/<script\b/gi)?.length).toBe(3);
    expect(html.match(/<\/script/gi)?.length).toBe(3);
    const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const parsed = JSON.parse(data) as { charts: { id: string; config: { data: { labels?: string[][] } } }[] };
    expect(parsed.charts.map((c) => c.id)).toEqual([
      'chart-oversold',
      'chart-causes',
      'chart-buckets-0',
      'chart-buckets-1',
      'chart-buckets-2',
      'chart-inventory-value',
      'chart-cases',
    ]);
    expect(parsed.charts[0]?.config.data.labels).toEqual([
      ['event', '11 units, 5 lines'],
      ['event, no buffers', '16 units, 8 lines'],
      ['batch 15m', '2,010 units, 1,005 lines'],
    ]);
  });

  it('tabulates the short-pick workflow and where returned units ended, per run', () => {
    const section = html.slice(html.indexOf('<section id="flows">'), html.indexOf('<section id="cancellations">'));
    expect(section).toMatch(/units short at pick<\/th><td class="num">9<\/td><td class="num">9<\/td><td class="num">1,234<\/td>/);
    expect(section).toMatch(/cancelled<\/th><td class="num">3<\/td><td class="num">3<\/td><td class="num">34<\/td>/);
    // Every state seen in any run gets a row; a run without it shows 0.
    expect(section).toMatch(/returned to vendor<\/th><td class="num">0<\/td><td class="num">0<\/td><td class="num">5<\/td>/);
    expect(section).toMatch(/refurbishing<\/th><td class="num">7<\/td><td class="num">7<\/td><td class="num">0<\/td>/);
  });

  it('references nothing outside the document', () => {
    // Chart.js is inlined whole (its code mentions `toDataURL(`, which is no reference); check the rest.
    const inlined = inlineScriptSource(chartJs);
    expectIn(html, `<script>${inlined}</script>`);
    const ours = html.replace(inlined, '');
    expect(/\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?\s*(?:[a-z][\w+.-]*:|\/\/)/i.exec(ours)?.[0] ?? null).toBeNull();
    expect(/<link\b|<iframe\b|<img\b|<object\b|<embed\b|@import|url\(/i.exec(ours)?.[0] ?? null).toBeNull();
    expect(/https?:/i.exec(ours)?.[0] ?? null).toBeNull();
    expectIn(html, `default-src 'none'`);
  });

  it.skipIf(browserSkipReason !== null)(
    `renders in headless Chromium with every chart drawn and no console error${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
    async () => {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(`${RESULTS_DIR}simulation-report.html`, html);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('request', (r) => requests.push(r.url()));
        await page.setContent(html, { waitUntil: 'load' });
        const canvases = await page.evaluate(CANVAS_PROBE);
        expect(problems).toEqual([]);
        expect(requests).toEqual([]);
        expect(canvases.map((c) => c.id)).toEqual([
          'chart-oversold',
          'chart-causes',
          'chart-buckets-0',
          'chart-buckets-1',
          'chart-buckets-2',
          'chart-inventory-value',
          'chart-cases',
        ]);
        for (const c of canvases) {
          expect(c.hasChart, c.id).toBe(true);
          expect(c.width, c.id).toBeGreaterThan(200);
          expect(c.height, c.id).toBeGreaterThan(150);
          expect(c.paintedPixels, c.id).toBeGreaterThan(1_000);
        }
        const png = `${RESULTS_DIR}simulation-report.png`;
        await page.screenshot({ path: png, fullPage: true });
        expect(statSync(png).size).toBeGreaterThan(100_000);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});

type CanvasProbe = { id: string; hasChart: boolean; width: number; height: number; paintedPixels: number };

/**
 * Runs in the page (a string, because the project compiles without the DOM library): each canvas's
 * id, whether Chart.js owns a chart on it, its drawn size, and how many pixels are not transparent.
 */
const CANVAS_PROBE = `Array.from(document.querySelectorAll('canvas')).map((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
  return { id: canvas.id, hasChart: window.Chart.getChart(canvas) !== undefined, width: canvas.clientWidth, height: canvas.clientHeight, paintedPixels: painted };
})` as unknown as () => CanvasProbe[];
