// The analytics service as a process of its own, its consumers off, for bench:analytics: the
// queries are timed against it as the gateway would reach it in production (a process apart from
// the caller), not inside the bench's own process and heap. Started by bench/analytics.bench.ts
// with the data set's DATABASE_URL; says `ready` on stdout once it answers.
import { runService } from '@jiandu/runtime';
import { analyticsService } from '../services/analytics/src/main.js';

runService({ ...analyticsService(process.env), consumers: undefined }, () => process.stdout.write('ready\n'));
