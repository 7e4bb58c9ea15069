// The seal: a hash chain over the whole log in commit-safe order, in ranges. Each stream's own
// chain catches an event that was changed, or removed from the middle of its stream; it cannot see
// a stream removed whole, the tail of a stream cut off, or events moved between positions. A seal
// covers every event committed since the previous seal, by (txid, position, event hash), and chains
// onto the previous seal's hash, so any of those shows as a broken seal.
//
// seal_no is gap-free and the primary key: two sealers racing for the same number leave one seal,
// and the loser's next round continues from it. Only transactions below the commit-safe horizon
// are sealed, so no event can commit later inside a range already sealed.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { LogCursor } from './types.js';

export interface Seal {
  sealNo: number;
  to: LogCursor; // the last event covered
  events: number;
  prevSeal: string; // hex, '' for the first seal
  hash: string; // hex
}

export type SealVerifyResult =
  | { ok: true; seals: number; sealedEvents: number; unsealedEvents: number }
  | { ok: false; seals: number; sealedEvents: number; brokenAt: { sealNo: number; reason: string } };

type SealedRow = [txid: string, position: string, hash: string];

/** sha256 over the previous seal's hash, then each event as "\n<txid>:<position>:<hash>". */
export function sealHash(prevSealHex: string, events: readonly SealedRow[]): string {
  const digest = createHash('sha256').update(prevSealHex);
  for (const [txid, position, hash] of events) digest.update(`\n${txid}:${position}:${hash}`);
  return digest.digest('hex');
}

const SEAL_COLUMNS = `seal_no::int, to_txid::text, to_position::text, events, encode(prev_seal, 'hex'), encode(hash, 'hex')`;
type SealRow = [number, string, string, number, string, string];

function toSeal(row: SealRow): Seal {
  return {
    sealNo: row[0],
    to: { txid: BigInt(row[1]), position: BigInt(row[2]) },
    events: row[3],
    prevSeal: row[4],
    hash: row[5],
  };
}

export async function lastSeal(pool: Pool, schema: string): Promise<Seal | undefined> {
  const { rows } = await pool.query<SealRow>({
    text: `SELECT ${SEAL_COLUMNS} FROM ${schema}.seals ORDER BY seal_no DESC LIMIT 1`,
    rowMode: 'array',
  });
  return rows[0] ? toSeal(rows[0]) : undefined;
}

/**
 * Seals up to `maxEvents` events committed after the last seal (below the commit-safe horizon).
 * Returns the new seal, or undefined when there was nothing to seal or another sealer took the
 * number first.
 */
export async function sealLog(pool: Pool, schema: string, maxEvents = 10_000): Promise<Seal | undefined> {
  const previous = await lastSeal(pool, schema);
  const after = previous?.to ?? { txid: 0n, position: 0n };
  const { rows } = await pool.query<SealedRow>({
    text: `SELECT e.txid::text, e.position::text, encode(e.hash, 'hex') FROM ${schema}.events e
      WHERE (e.txid, e.position) > ($1::xid8, $2::bigint) AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY e.txid, e.position LIMIT $3`,
    values: [after.txid.toString(), after.position.toString(), maxEvents],
    rowMode: 'array',
  });
  if (rows.length === 0) return undefined;
  const last = rows[rows.length - 1]!;
  const seal: Seal = {
    sealNo: (previous?.sealNo ?? 0) + 1,
    to: { txid: BigInt(last[0]), position: BigInt(last[1]) },
    events: rows.length,
    prevSeal: previous?.hash ?? '',
    hash: sealHash(previous?.hash ?? '', rows),
  };
  try {
    await pool.query(
      `INSERT INTO ${schema}.seals (seal_no, to_txid, to_position, events, prev_seal, hash)
       VALUES ($1, $2::xid8, $3, $4, decode($5, 'hex'), decode($6, 'hex'))`,
      [seal.sealNo, seal.to.txid.toString(), seal.to.position.toString(), seal.events, seal.prevSeal, seal.hash],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return undefined; // another sealer took this number
    throw error;
  }
  return seal;
}

/** Seals everything below the horizon, in seals of at most `maxEvents`; returns how many seals. */
export async function sealAll(pool: Pool, schema: string, maxEvents = 10_000): Promise<number> {
  let seals = 0;
  for (;;) {
    const seal = await sealLog(pool, schema, maxEvents);
    if (seal === undefined) return seals;
    seals += 1;
    if (seal.events < maxEvents) return seals;
  }
}

const PAGE = 5_000;

/** Recomputes every seal from the events it covers and names the first broken one. */
export async function verifySeals(pool: Pool, schema: string): Promise<SealVerifyResult> {
  let previous: { to: LogCursor; hash: string; sealNo: number } = { to: { txid: 0n, position: 0n }, hash: '', sealNo: 0 };
  let sealedEvents = 0;
  for (;;) {
    const { rows } = await pool.query<SealRow>({
      text: `SELECT ${SEAL_COLUMNS} FROM ${schema}.seals WHERE seal_no > $1 ORDER BY seal_no LIMIT ${PAGE}`,
      values: [previous.sealNo],
      rowMode: 'array',
    });
    for (const seal of rows.map(toSeal)) {
      const broken = (reason: string): SealVerifyResult => ({
        ok: false,
        seals: previous.sealNo,
        sealedEvents,
        brokenAt: { sealNo: seal.sealNo, reason },
      });
      if (seal.sealNo !== previous.sealNo + 1) return broken(`seal ${previous.sealNo + 1} is missing`);
      if (seal.prevSeal !== previous.hash) return broken('prev_seal does not match the previous seal');
      const events = await eventsBetween(pool, schema, previous.to, seal.to);
      if (events.length !== seal.events)
        return broken(`it covers ${seal.events} events, the log now holds ${events.length} in its range`);
      if (sealHash(previous.hash, events) !== seal.hash) return broken('the events in its range were changed or moved');
      sealedEvents += events.length;
      previous = { to: seal.to, hash: seal.hash, sealNo: seal.sealNo };
    }
    if (rows.length < PAGE) break;
  }
  const { rows } = await pool.query<[string]>({
    text: `SELECT count(*)::text FROM ${schema}.events e WHERE (e.txid, e.position) > ($1::xid8, $2::bigint)`,
    values: [previous.to.txid.toString(), previous.to.position.toString()],
    rowMode: 'array',
  });
  return { ok: true, seals: previous.sealNo, sealedEvents, unsealedEvents: Number(rows[0]![0]) };
}

async function eventsBetween(pool: Pool, schema: string, from: LogCursor, to: LogCursor): Promise<SealedRow[]> {
  const events: SealedRow[] = [];
  let after = from;
  for (;;) {
    const { rows } = await pool.query<SealedRow>({
      text: `SELECT e.txid::text, e.position::text, encode(e.hash, 'hex') FROM ${schema}.events e
        WHERE (e.txid, e.position) > ($1::xid8, $2::bigint) AND (e.txid, e.position) <= ($3::xid8, $4::bigint)
        ORDER BY e.txid, e.position LIMIT ${PAGE}`,
      values: [after.txid.toString(), after.position.toString(), to.txid.toString(), to.position.toString()],
      rowMode: 'array',
    });
    events.push(...rows);
    if (rows.length < PAGE) return events;
    const last = rows[rows.length - 1]!;
    after = { txid: BigInt(last[0]), position: BigInt(last[1]) };
  }
}
