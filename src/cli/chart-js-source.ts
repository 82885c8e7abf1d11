import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Chart.js UMD bundle (`chart.umd.min.js`, which defines `window.Chart`), read from the
 * installed `chart.js` package so the HTML report can inline it and load nothing from the network.
 * The package's `exports` map does not expose `dist/chart.umd.min.js`, so we resolve the package's
 * CommonJS entry (`dist/chart.cjs`) and take the UMD file beside it.
 */
export async function loadChartJsSource(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFile(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
}
