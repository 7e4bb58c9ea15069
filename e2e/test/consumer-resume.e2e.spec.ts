// A consumer killed with thousands of messages queued resumes after its restart within ack_wait
// plus a few seconds, and ends with exactly one clue per transferred petition, numbered without gaps.
// Office work arrives with the restart (clue commands at once, on a pool of 3 connections): before
// commands read their stream on their own transaction, each held a pooled connection while waiting
// for a second one, the pool deadlocked with the consumer's transaction in it, and no clue was
// registered until the next restart (stuck at 313 of 5,000 for a minute in this scenario).
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { accusedOperations, encodeEnvelope, petitionsPublicEvents, toEnvelope } from '@jiandu/contracts';
import { withNamespace } from '@jiandu/messaging';
import { eventually } from '@jiandu/testing';
import { registerZonesAndUnits, tokens, type Tokens } from '../src/fixtures.js';
import { NATS_URL, startSystem, type System } from '../src/system.js';

const N = 5_000;
const ACK_WAIT_S = 30;
/** case-management's pool: small, so office work and the consumer compete for it. */
const SMALL_POOL = { PG_POOL_SIZE: '3' };

describe('case-management killed with 5,000 transfers queued', () => {
  let sys: System;
  let t: Tokens;

  beforeAll(async () => {
    sys = await startSystem({ LOG_LEVEL: 'warn' });
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
  });
  let afterStand: () => Promise<void> = async () => undefined;
  afterAll(async () => {
    await afterStand();
    await sys?.stop();
  });

  it('resumes within ack_wait + 5 s of its restart and registers each petition once, gap-free', async () => {
    await sys.kill('case-management');
    // The transfers are made up here, so 信访室 knows none of them: a stand-in answers 案管's
    // question for the accused's name (read-accused, issue 12) in its place.
    await sys.kill('petitions');
    const stand = await connect({ servers: NATS_URL });
    stand.subscribe(withNamespace(sys.namespace, accusedOperations.readAccused.subject), {
      callback: (err, msg) => {
        if (err || !msg.reply) return;
        const packet = msg.json<{ id: string; data: { payload: { petitionId: string } } }>();
        const value = { petitionId: packet.data.payload.petitionId, name: '张三' };
        msg.respond(JSON.stringify({ id: packet.id, response: { ok: true, value }, isDisposed: true }));
      },
    });
    await stand.flush();
    afterStand = () => stand.drain();
    // 5,000 PetitionTransferred events queued on the stream, as the petitions relay publishes them.
    const nc = await connect({ servers: NATS_URL });
    const js = jetstream(nc);
    const contract = petitionsPublicEvents.PetitionTransferred;
    const subject = withNamespace(sys.namespace, contract.subject);
    for (let start = 0; start < N; start += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, N - start) }, (_, k) => {
          const petitionId = `p-resume-${start + k}`;
          const eventId = randomUUID();
          const envelope = toEnvelope(
            contract,
            {
              petitionId,
              accused: { position: '主任', unitId: 'u-street' },
              categories: ['eight-rules'],
              category: '违反中央八项规定精神',
              summary: '公款吃喝',
              channel: 'letter',
              realName: false,
              transferredAt: new Date().toISOString(),
            },
            {
              eventId,
              occurredAt: new Date().toISOString(),
              actor: { sub: 'u-xfs', name: '信访室干部', office: 'petition-office' },
              correlationId: randomUUID(),
              streamId: `petition-${petitionId}`,
              streamVersion: 3,
            },
          );
          return js.publish(subject, encodeEnvelope(envelope), { msgID: eventId });
        }),
      );
    }
    await nc.close();

    const pool = sys.db.pool();
    const clues = async () =>
      (await pool.query(`SELECT count(*)::int AS n FROM case_management.clue_ledger`)).rows[0].n as number;
    await sys.start('case-management', 1, SMALL_POOL);
    await eventually(async () => (await clues()) >= 300, { timeoutMs: 60_000, intervalMs: 20 });
    await sys.kill('case-management');
    const atKill = await clues();
    expect(atKill).toBeLessThan(N - 1_000); // thousands still queued

    const restarted = performance.now();
    await sys.start('case-management', 1, SMALL_POOL);
    // Office work with the restart: 3 waves of 30 clue commands at once (unknown clues: 404, or 503 when busy).
    const officeWork = (async () => {
      const statuses: number[] = [];
      for (let wave = 0; wave < 3; wave++) {
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            sys.api('POST', `/api/v1/clues/c-unknown-${wave}-${i}/disposition`, t.office1, {
              kind: 'shelve',
              reason: '线索不存在',
            }),
          ),
        );
        statuses.push(...answers.map((a) => a.status));
      }
      return statuses;
    })();
    await eventually(async () => (await clues()) > atKill, { timeoutMs: (ACK_WAIT_S + 5) * 1000, intervalMs: 20 });
    const resumedAfterS = (performance.now() - restarted) / 1000;
    const statuses = await officeWork;
    console.log(
      `consumer resumed ${resumedAfterS.toFixed(2)} s after the restart (${N - atKill} queued; ack_wait ${ACK_WAIT_S} s); ` +
        `90 clue commands meanwhile: ${[...new Set(statuses)]
          .sort()
          .map((s) => `${s} ×${statuses.filter((x) => x === s).length}`)
          .join(', ')}`,
    );
    expect(resumedAfterS).toBeLessThan(ACK_WAIT_S + 5);
    expect(statuses.every((s) => s === 404 || s === 503)).toBe(true);

    // No stall on the way either: a clue at least every ack_wait + 5 s until the last one.
    let [last, progressAt, longestPauseS] = [await clues(), performance.now(), 0];
    while (last < N) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await clues();
      longestPauseS = Math.max(longestPauseS, (performance.now() - progressAt) / 1000);
      if (now > last) [last, progressAt] = [now, performance.now()];
      if (longestPauseS >= ACK_WAIT_S + 5)
        throw new Error(`no clue registered for ${longestPauseS.toFixed(1)} s, at ${last} of ${N}`);
    }
    console.log(
      `all ${N} clues registered ${((performance.now() - restarted) / 1000).toFixed(1)} s after the restart; longest pause ${longestPauseS.toFixed(2)} s`,
    );
    const { rows } = await pool.query(
      `SELECT count(*)::int AS events, count(DISTINCT data->>'sourceRef')::int AS petitions FROM case_management.events WHERE type = 'ClueRegistered'`,
    );
    expect(rows[0]).toEqual({ events: N, petitions: N });
    const year = new Date().getFullYear();
    const { rows: gaps } = await pool.query(
      `SELECT min(number) AS first, max(number) AS last, count(DISTINCT number)::int AS n FROM case_management.clue_ledger`,
    );
    expect(gaps[0]).toEqual({ first: `XS-${year}-000001`, last: `XS-${year}-${String(N).padStart(6, '0')}`, n: N });
  }, 420_000);
});
