import { envelopeSchema } from '../../src/core/events/envelope.ts';
import { EVENT_SCHEMAS } from '../../src/core/events/catalogue.ts';
import { benchEvents } from '../bench-events.ts';
const ev = benchEvents(0, 100000, 1000, 10) as any[];
for (const [name, fn] of [['envelope', (e: any) => envelopeSchema.safeParse(e)], ['data', (e: any) => EVENT_SCHEMAS['pos.sale'].v1.safeParse(e.data)], ['date', (e: any) => Date.parse(e.time)]] as const) {
  for (let w = 0; w < 2; w++) { const t0 = performance.now(); for (const e of ev) (fn as any)(e); if (w) console.log(name, ((performance.now() - t0) / ev.length * 1000).toFixed(2), 'µs'); }
}
