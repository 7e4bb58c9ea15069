// ClueRegistered v1 and v2 (ADR 0012): both are taken, each on its own durable consumer, decoded
// by the service's own registry (v1 upcast to v2), and the clue's subject is learnt from either.
import type { Pool } from 'pg';
import { ClueRegisteredV1, ClueRegisteredV2, ClueRegisteredV3, type EventContract } from '@jiandu/contracts';
import { deliverEvent } from '@jiandu/messaging';
import { supervisionService } from '../main.js';
import { clueRegisteredDurable, onRegistry } from './on-registry.reactor.js';

const registry = supervisionService({}).registry;
const consumers = onRegistry('supervision');

const registered = (position: string, category: string) => ({
  clueId: 'c-p-1',
  number: 'XS-2026-000001',
  source: 'petition' as const,
  sourceRef: 'p-1',
  unitId: 'u-street',
  zoneId: 'z1',
  accused: { name: '张三', position, unitId: 'u-street' },
  category,
  summary: '公款吃喝',
  registeredAt: '2026-09-25T02:00:00.000Z',
});

/**
 * Delivers the message as the consumer runner does (encoded, decoded by the service's own registry,
 * handled in a transaction) on a pool that only records what the handler writes.
 */
async function handle<T>(contract: EventContract<T>, data: T): Promise<unknown[][]> {
  const written: unknown[][] = [];
  const client = {
    query: async (_sql: string, values?: unknown[]) => void (values && written.push(values)),
    release: () => undefined,
  };
  const pool = { connect: async () => client } as unknown as Pool;
  await deliverEvent(
    { registry, pool, consumers, actor: { sub: 'system:cm', name: '案管室', office: 'case-management' } },
    contract,
    data,
  );
  return written;
}

describe('Supervision learns clue subjects from ClueRegistered, v1, v2 and v3', () => {
  it('takes each version on its own durable consumer, v1 on the one it always had', () => {
    const clue = consumers.filter((c) => c.durable.startsWith('supervision--clue-registered'));
    expect(clue.map((c) => [c.durable, c.filterSubjects])).toEqual([
      ['supervision--clue-registered', ['jiandu.evt.case-management.ClueRegistered.v1']],
      ['supervision--clue-registered-v2', ['jiandu.evt.case-management.ClueRegistered.v2']],
      ['supervision--clue-registered-v3', ['jiandu.evt.case-management.ClueRegistered.v3']],
    ]);
    expect(clueRegisteredDurable(ClueRegisteredV2)).toBe('supervision--clue-registered-v2');
  });

  it('learns the subject of a v1 message still in the stream, upcast to v3', async () => {
    expect(registry.contract('case-management', 'ClueRegistered')).toBe(ClueRegisteredV3);
    expect(await handle(ClueRegisteredV1, registered('主任', '其他'))).toEqual([['c-p-1', '张三', '主任']]);
  });

  it('learns a 150-character position from v2', async () => {
    const position = '某'.repeat(150);
    expect(await handle(ClueRegisteredV2, registered(position, '类'.repeat(60)))).toEqual([['c-p-1', '张三', position]]);
  });

  it('learns the subject of a clue from a 巡察 report (v3, coded categories)', async () => {
    const tour = {
      ...registered('副主任', '违规吃喝'),
      source: 'inspection-tour' as const,
      categories: ['eight-rules.banqueting'],
    };
    expect(await handle(ClueRegisteredV3, tour)).toEqual([['c-p-1', '张三', '副主任']]);
  });
});
