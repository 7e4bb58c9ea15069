// node dist/libs/messaging/src/dead-letters-cli.js <list | retry | drop> ...
// The operators' command for parked messages (<schema>.dead_letters, see dead-letters.ts):
//   list [--schema <name>]... [--consumer <durable>] [--limit <n>]
//   retry <schema> <id>...                 re-publish to JetStream, then delete the row
//   drop <schema> <id>... --reason "<why>"  delete the rows, printing an audit line each
// It never prints a payload (it may hold personal data). Exit code 0: done; 1: some ids were not
// found, not retried or not dropped; 2: bad arguments, or no database or NATS. DATABASE_URL selects
// the database; retry also reads NATS_URL, NATS_USER and NATS_PASSWORD, as the services do.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  assertDeadLetterId,
  assertDeadLetterSchema,
  deadLetterSchemas,
  dropDeadLetters,
  hasDeadLetters,
  listDeadLetters,
  retryDeadLetter,
  type ParkedMessage,
  type RetryResult,
} from './dead-letters.js';
import { natsCredentials } from './rpc-client.js';

const COMMAND = 'node dist/libs/messaging/src/dead-letters-cli.js';
const USAGE = [
  `usage: ${COMMAND} <command>`,
  '  list [--schema <name>]... [--consumer <durable>] [--limit <n>]   parked messages, newest first (default: every schema, 50)',
  '  retry <schema> <id>...                                            re-publish to JetStream, then delete the row',
  '  drop <schema> <id>... --reason "<why>"                            delete the rows after a decision to discard them',
  'DATABASE_URL selects the database; retry also uses NATS_URL, NATS_USER and NATS_PASSWORD.',
].join('\n');

type Print = (line: string) => void;

class UsageError extends Error {}

type Parsed =
  | { command: 'help' }
  | { command: 'list'; schemas: string[] | undefined; consumer: string | undefined; limit: number }
  | { command: 'retry'; schema: string; ids: string[] }
  | { command: 'drop'; schema: string; ids: string[]; reason: string };

function parse(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'list') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { schema: { type: 'string', multiple: true }, consumer: { type: 'string' }, limit: { type: 'string' } },
    });
    if (positionals.length > 0) throw new UsageError(`list takes no arguments besides its options (got "${positionals[0]}")`);
    for (const schema of values.schema ?? []) assertDeadLetterSchema(schema);
    const limitText = values.limit ?? '50';
    if (!/^[1-9][0-9]{0,4}$/.test(limitText))
      throw new UsageError(`invalid --limit "${limitText}": use a whole number from 1 to 99999`);
    if (values.consumer !== undefined && values.consumer.trim() === '') throw new UsageError('--consumer needs a consumer name');
    return {
      command,
      schemas: values.schema ? [...new Set(values.schema)] : undefined,
      consumer: values.consumer,
      limit: Number(limitText),
    };
  }
  if (command === 'retry' || command === 'drop') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: command === 'drop' ? { reason: { type: 'string' } } : {},
    });
    const [schema, ...ids] = positionals;
    if (schema === undefined || ids.length === 0) throw new UsageError(`${command} needs a schema and at least one id`);
    assertDeadLetterSchema(schema);
    for (const id of ids) assertDeadLetterId(id);
    const unique = [...new Set(ids)];
    if (command === 'retry') return { command, schema, ids: unique };
    const reason = (values as { reason?: string }).reason?.trim() ?? '';
    if (reason === '') throw new UsageError('drop needs a non-empty --reason "<why>": it is printed for the audit trail');
    return { command, schema, ids: unique, reason };
  }
  throw new UsageError(`unknown command "${command}"`);
}

export async function runDeadLetters(argv: string[], env: NodeJS.ProcessEnv, print: Print): Promise<number> {
  let args: Parsed;
  try {
    args = parse(argv);
  } catch (error) {
    print(`${sentence((error as Error).message)}\n${USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    print(USAGE);
    return 0;
  }
  const pool = new pg.Pool({ connectionString: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/jiandu', max: 1 });
  pool.on('error', () => undefined);
  let nc: NatsConnection | undefined;
  try {
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      print(sentence(`Cannot connect to PostgreSQL (DATABASE_URL): ${(error as Error).message}`));
      return 2;
    }
    const schemas = args.command === 'list' ? (args.schemas ?? (await deadLetterSchemas(pool))) : [args.schema];
    if (schemas.length === 0) {
      print('No dead_letters table was found in this database: check DATABASE_URL, or name a schema with --schema.');
      return 2;
    }
    for (const schema of schemas) {
      if (!(await hasDeadLetters(pool, schema))) {
        print(`Schema "${schema}" has no dead_letters table in this database.`);
        return 2;
      }
    }
    if (args.command === 'list') return await list(pool, schemas, args, print);
    if (args.command === 'drop') return await drop(pool, args, print);
    const servers = env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
    try {
      nc = await connect({ servers: servers.split(','), name: 'jiandu-dead-letters', timeout: 5_000, ...natsCredentials(env) });
    } catch (error) {
      print(
        sentence(
          `Cannot connect to NATS at ${withoutCredentials(servers)} (NATS_URL, NATS_USER, NATS_PASSWORD): ${(error as Error).message}`,
        ),
      );
      return 2;
    }
    return await retry(pool, nc, args, print);
  } catch (error) {
    print(sentence(`The dead-letters command failed: ${(error as Error).message}`));
    return 2;
  } finally {
    await nc?.close().catch(() => undefined);
    await pool.end();
  }
}

async function list(pool: pg.Pool, schemas: string[], args: Extract<Parsed, { command: 'list' }>, print: Print): Promise<number> {
  const { letters, total } = await listDeadLetters(pool, { schemas, consumer: args.consumer, limit: args.limit });
  for (const letter of letters) print(listLine(letter));
  const where = `${schemas.join(', ')}${args.consumer === undefined ? '' : `, consumer ${args.consumer}`}`;
  if (total === 0) print(`No parked messages (${where}).`);
  else if (letters.length < total)
    print(
      `${letters.length} of ${total} parked messages shown (${where}): raise --limit, or narrow with --schema or --consumer.`,
    );
  return 0;
}

function listLine(m: ParkedMessage): string {
  return [
    `id=${m.id}`,
    `schema=${m.schema}`,
    `consumer=${m.consumer}`,
    `subject=${m.subject}`,
    `stream_seq=${m.streamSeq}`,
    `reason=${m.reason}`,
    `delivery_count=${m.deliveryCount}`,
    `failed_at=${m.failedAt.toISOString()}`,
    `event_id=${m.eventId ?? '-'}`,
    `detail=${JSON.stringify(m.detail)}`,
  ].join(' ');
}

async function retry(
  pool: pg.Pool,
  nc: NatsConnection,
  args: Extract<Parsed, { command: 'retry' }>,
  print: Print,
): Promise<number> {
  let failed = false;
  for (const id of args.ids) {
    const result = await retryDeadLetter(pool, nc, args.schema, id);
    if (result.status !== 'republished') failed = true;
    print(retryLine(args.schema, result));
  }
  return failed ? 1 : 0;
}

function retryLine(schema: string, r: RetryResult): string {
  const row = `${schema} id=${r.id}`;
  switch (r.status) {
    case 'republished':
      return (
        `Retried ${row}: event ${r.eventId} was re-published on ${r.subject} (stream ${r.stream}, seq ${r.seq}) and the row deleted; ` +
        `consumer ${r.consumer} receives it again (consumers that already applied it skip it by its event id).`
      );
    case 'not-found':
      return `Not retried ${row}: there is no parked message with this id (already retried or dropped?).`;
    case 'no-event-id':
      return (
        `Not retried ${row}: its payload has no event id (a malformed message on ${r.subject}), so it cannot be re-published safely; ` +
        `the row is kept: fix the producer, then drop it with --reason.`
      );
    case 'duplicate': {
      const window = r.duplicateWindowMs === undefined ? '' : ` (${formatMs(r.duplicateWindowMs)})`;
      const applied = r.appliedSince
        ? ` Consumer ${r.consumer} has applied event ${r.eventId} since (its inbox holds it): drop the row with --reason instead.`
        : ` Retry it once the window has passed.`;
      return (
        `Not retried ${row}: JetStream reported the re-publish of event ${r.eventId} as a duplicate, because the id is still inside ` +
        `the duplicate window of stream ${r.stream}${window}; nothing would be redelivered, so the row is kept.${applied}`
      );
    }
    case 'failed':
      return `Not retried ${row}${r.eventId ? ` (event ${r.eventId})` : ''}: ${r.error}.`;
  }
}

async function drop(pool: pg.Pool, args: Extract<Parsed, { command: 'drop' }>, print: Print): Promise<number> {
  const results = await dropDeadLetters(pool, args.schema, args.ids, args.reason);
  let failed = false;
  for (const r of results) {
    if (r.status === 'dropped') {
      print(
        `Dropped ${args.schema} id=${r.id}: consumer=${r.consumer} subject=${r.subject} event_id=${r.eventId ?? '-'} ` +
          `parked_as=${r.parkedAs} reason_given=${JSON.stringify(args.reason)}`,
      );
    } else {
      failed = true;
      print(`Not dropped ${args.schema} id=${r.id}: there is no parked message with this id (already retried or dropped?).`);
    }
  }
  return failed ? 1 : 0;
}

/** An error message as a sentence: capital first letter, final full stop. */
function sentence(message: string): string {
  const text = message.trim();
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A NATS URL fit to print: user and password removed. */
function withoutCredentials(servers: string): string {
  return servers
    .split(',')
    .map((s) => s.replace(/\/\/[^@/]*@/, '//'))
    .join(',');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runDeadLetters(process.argv.slice(2), process.env, (line) => console.log(line));
}
