// The hot single-event INSERT as a pg Submittable (the interface pg-cursor uses): Parse once per
// connection, then Bind, Execute, Sync. pg's own Query also sends Describe on every execution, so
// the server returns a RowDescription that the client parses into a fresh Result each time; this
// skips both. Same statement, same round trip, same transaction semantics: only the client-side
// bookkeeping is lighter (about 10 µs of Node CPU per append on the benchmark machine).
import pg from 'pg';
import type { Connection, Pool, PoolClient } from 'pg';

interface Statement {
  name: string;
  text: string;
}

type Row = (string | null)[];

// Connection's message writers exist at runtime (pg-cursor uses them) but not in its typings.
interface Wire {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
  parse(message: { text: string; name: string }): void;
  bind(message: { statement: string; values: unknown[] }): void;
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
}

class LeanQuery {
  readonly name: string;
  readonly text: string;
  readonly rows: Row[] = [];
  readonly done: Promise<Row[]>;
  private resolve!: (rows: Row[]) => void;
  private reject!: (error: Error) => void;
  private failed = false;

  private readonly values: (string | null)[];

  constructor(statement: Statement, values: unknown[]) {
    this.name = statement.name;
    this.text = statement.text;
    // Text-format parameters, converted before anything is written to the wire.
    this.values = values.map(toText);
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): void {
    const wire = connection as unknown as Wire;
    wire.stream.cork?.();
    try {
      if (wire.parsedStatements[this.name] === undefined && wire.submittedNamedStatements[this.name] === undefined) {
        wire.parse({ text: this.text, name: this.name });
        wire.submittedNamedStatements[this.name] = this.text;
      }
      wire.bind({ statement: this.name, values: this.values });
      wire.execute({ portal: '', rows: 0 });
      wire.sync();
    } finally {
      wire.stream.uncork?.();
    }
  }

  handleRowDescription(): void {
    // Not sent: this query never asks for a Describe.
  }
  handleDataRow(message: { fields: Row }): void {
    this.rows.push(message.fields);
  }
  handleCommandComplete(): void {
    // The rows are complete; ReadyForQuery settles the query.
  }
  handleError(error: Error): void {
    this.failed = true;
    this.reject(error);
  }
  handleReadyForQuery(): void {
    if (!this.failed) this.resolve(this.rows);
  }
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new TypeError(`unsupported parameter type ${typeof value}`);
}

/** Runs a named statement and returns its rows as text fields, on `tx` or on a pooled client. */
export async function leanQuery(pool: Pool, statement: Statement, values: unknown[], tx?: PoolClient): Promise<Row[]> {
  if (tx) return submit(tx, statement, values);
  const client = await pool.connect();
  // As pool.query does: a connection error while checked out must not be an unhandled 'error'.
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.once('error', onError);
  try {
    return await submit(client, statement, values);
  } catch (error) {
    // A server error (e.g. a unique violation) leaves the connection usable; anything else does not.
    if (!(error instanceof pg.DatabaseError)) broken ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

function submit(client: PoolClient, statement: Statement, values: unknown[]): Promise<Row[]> {
  const query = new LeanQuery(statement, values);
  client.query(query as unknown as pg.Submittable);
  return query.done;
}
