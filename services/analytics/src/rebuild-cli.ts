// `npm run rebuild -- analytics [--from-scratch]`: rebuilds the analytics read models from the
// public events on JetStream while the service keeps serving (rebuild.ts). Progress: a bar on a
// terminal, plain lines otherwise (CI). Exit code 0 when swapped, 1 on any failure (nothing swapped).
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { natsCredentials } from '@jiandu/messaging';
import { analyticsService } from './main.js';
import { rebuildAnalytics } from './rebuild.js';

const USAGE = 'usage: npm run rebuild -- analytics [--from-scratch]';

async function main(argv: string[]): Promise<number> {
  const [target, ...flags] = argv;
  if (target !== 'analytics' || flags.some((f) => f !== '--from-scratch')) {
    process.stderr.write(`${USAGE}\n(only the analytics read models are rebuilt from the event log)\n`);
    return 2;
  }
  const env = process.env;
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jiandu',
    max: 2,
    statement_timeout: 600_000,
    connectionTimeoutMillis: 10_000,
  });
  const nc = await connect({
    servers: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    name: 'analytics-rebuild',
    noAsyncTraces: true,
    ...natsCredentials(env),
  });
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  try {
    const result = await rebuildAnalytics({
      pool,
      nc,
      registry: analyticsService(env).registry,
      stream: env.JIANDU_EVENT_STREAM ?? 'JIANDU_EVENTS',
      namespace: env.JIANDU_NAMESPACE || undefined,
      schema: 'analytics',
      phase: ({ name, seconds }) => {
        if (name !== 'read') process.stderr.write(`${tty ? '\n' : ''}rebuild: ${name} at ${seconds.toFixed(1)} s\n`);
      },
      progress: ({ events, total, ratePerSecond, etaSeconds }) => {
        const pct = total > 0 ? Math.min(100, (events / total) * 100) : 100;
        if (tty) {
          const bar = '#'.repeat(Math.round(pct / 4)).padEnd(25, '.');
          process.stderr.write(
            `\r[${bar}] ${pct.toFixed(0)}% ${events}/${total} events ${ratePerSecond}/s ETA ${etaSeconds.toFixed(0)} s`,
          );
        } else if (Date.now() - lastLine > 2_000 || events >= total) {
          lastLine = Date.now();
          process.stderr.write(`rebuild: ${events}/${total} events, ${ratePerSecond} events/s, ETA ${etaSeconds.toFixed(0)} s\n`);
        }
      },
    });
    if (tty) process.stderr.write('\n');
    // The swapped-in table was loaded, never vacuumed: its visibility map is empty, so a count is
    // a heap scan until autovacuum comes by (10× slower on a million rows). Vacuum it now.
    const vacuumed = Date.now();
    await pool.query('VACUUM (ANALYZE) analytics.ledger_rows, analytics.ledger_steps, analytics.inbox');
    process.stderr.write(
      `rebuild: analytics.ledger_rows, ledger_steps and inbox vacuumed in ${((Date.now() - vacuumed) / 1000).toFixed(1)} s\n`,
    );
    process.stdout.write(
      `rebuild: swapped — ${result.events} events, ${result.rows} row versions (${result.rewritten} written early and again), ${result.skipped} messages not for analytics, ${result.duplicates} held twice by the stream (folded once)\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`\nrebuild failed, nothing swapped: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await nc.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
