// The pool's client: every statement with parameters is a named (prepared) statement, so each
// connection parses it once and PostgreSQL may keep its plan (docs/adr/0021-every-statement-prepared.md).
import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * At most this many statement texts get a name. Past it a new text runs unnamed, as node-postgres
 * runs it by default, so a statement built from variable parts cannot grow every connection's
 * prepared statements without end (a connection keeps each one until it closes).
 */
export const MAX_NAMED_TEXTS = 500;

const names = new Map<string, string>();

/** The name of a statement's text (the same text, the same name), or undefined past the cap. */
export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED_TEXTS) return known;
  const name = `auto:${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
  names.set(text, name);
  return name;
}

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown];

/**
 * node-postgres parses and plans an unnamed statement at every call. Named, a statement is parsed
 * once per connection, and after five runs PostgreSQL keeps a generic plan when it costs no more
 * than the custom ones (measured under bench:load: half of all statements were planned afresh,
 * 30 % of PostgreSQL's statement time). A statement the code names itself keeps its name; one
 * without parameters (BEGIN, COMMIT, DDL) stays on the simple protocol; a custom query object
 * (COPY, a cursor) is passed through untouched.
 */
export class PreparingClient extends pg.Client {
  // The overloads of pg.Client#query cannot be restated one by one here; the arguments are passed on as given.
  override query(...args: QueryArgs): never {
    const [config, values, callback] = args;
    const named = withName(config, values);
    const call = super.query as unknown as (...a: QueryArgs) => never;
    if (named === undefined) return call.apply(this, args);
    const done = typeof values === 'function' ? values : callback;
    return done === undefined ? call.call(this, named) : call.call(this, named, undefined, done);
  }
}

/** The query config with a name, or undefined when it stays as it is. */
function withName(config: unknown, values: unknown): pg.QueryConfig | undefined {
  if (typeof config === 'string') {
    if (!Array.isArray(values) || values.length === 0) return undefined;
    const name = statementName(config);
    return name === undefined ? undefined : { text: config, values, name };
  }
  if (typeof config !== 'object' || config === null) return undefined;
  const c = config as pg.QueryConfig & { submit?: unknown };
  if (typeof c.submit === 'function' || c.name !== undefined || typeof c.text !== 'string') return undefined;
  const params = Array.isArray(values) ? values : c.values;
  if (!Array.isArray(params) || params.length === 0) return undefined;
  const name = statementName(c.text);
  return name === undefined ? undefined : { ...c, values: params, name };
}
