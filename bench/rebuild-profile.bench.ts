// Where the rebuild's time goes, without NATS or PostgreSQL: the data set's events encoded,
// decoded (validated and upcast) as the rebuild reads them, and folded. BENCH_EVENTS (100,000).
import { randomUUID } from 'node:crypto';
import { encodeEnvelope, toEnvelope } from '@jiandu/contracts';
import { changesOf } from '../services/analytics/src/domain/ledgers.js';
import { analyticsService } from '../services/analytics/src/main.js';
import { plan } from './rebuild-data.js';

const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const t = () => performance.now();
let s = t();
const planned = [...plan({ events, units: 3_000, zones: 12 })];
console.log(`plan: ${(t() - s).toFixed(0)} ms`);
s = t();
const actor = { sub: 'u', name: 'n', office: 'case-management' };
const wire = planned.map((e) => {
  const eventId = randomUUID();
  return {
    subject: e.contract.subject,
    body: encodeEnvelope(
      toEnvelope(e.contract, e.data, {
        eventId,
        occurredAt: e.occurredAt,
        actor,
        correlationId: eventId,
        streamId: eventId,
        streamVersion: 1,
      }),
    ),
  };
});
console.log(`encode: ${(t() - s).toFixed(0)} ms`);
const registry = analyticsService({}).registry;
s = t();
const decoded = wire.map((w) => registry.decode(w.subject, w.body));
console.log(`decode: ${(t() - s).toFixed(0)} ms (${Math.round(events / ((t() - s) / 1000))} events/s)`);
s = t();
let changes = 0;
for (const d of decoded) {
  if (!d.ok) continue;
  for (const c of changesOf(
    { service: d.envelope.service, type: d.envelope.type, data: d.data, occurredAt: d.envelope.occurredAt },
    () => 'z1',
  )) {
    c.apply(undefined);
    changes++;
  }
}
console.log(`changes: ${(t() - s).toFixed(0)} ms for ${changes}`);
s = t();
for (const d of decoded) if (d.ok) JSON.stringify(d.data);
console.log(`stringify: ${(t() - s).toFixed(0)} ms`);
