// ClueRegistered in every published version (ADR 0012): each is taken on its own durable consumer,
// decoded by the service's own registry and upcast to the latest, and the clue's subject is learnt
// from any of them as its reference and position: never the accused's name (issue 12), which the
// versions before the latest still carried.
import type { Pool } from 'pg';
import { caseManagementPublicEvents as cm, ClueRegisteredV1, publishedVersions, type EventContract } from '@jiandu/contracts';
import { deliverEvent } from '@jiandu/messaging';
import { supervisionService } from '../main.js';
import { clueRegisteredDurable, onRegistry } from './on-registry.reactor.js';

const registry = supervisionService({}).registry;
const consumers = onRegistry('supervision');
const latest = cm.ClueRegistered;
const versions = publishedVersions(latest);
const NAME = '张秘密';

/** The data of `contract` as its producer wrote it: each shape the register had, the name while there was one. */
function registered(contract: EventContract, position: string): Record<string, unknown> {
  const named = {
    clueId: 'c-p-1',
    number: 'XS-2026-000001',
    source: 'petition' as const,
    sourceRef: 'p-1',
    unitId: 'u-street',
    zoneId: 'z1',
    accused: { name: NAME, position, unitId: 'u-street' },
    categories: ['eight-rules.banqueting'],
    category: '违规吃喝',
    summary: '公款吃喝',
    registeredAt: '2026-09-25T02:00:00.000Z',
  };
  for (const data of [
    named,
    { ...named, categories: undefined },
    { ...named, accused: { subjectRef: 'c-p-1', position, unitId: 'u-street' } },
  ]) {
    const clean = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    if (contract.check(clean)) return clean;
  }
  throw new Error(`no fixture for ${contract.subject}`);
}

/**
 * Delivers the message as the consumer runner does (encoded, decoded by the service's own registry,
 * handled in a transaction) on a pool that only records what the handler writes.
 */
async function handle(contract: EventContract, data: unknown): Promise<unknown[][]> {
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

describe('Supervision learns clue subjects from ClueRegistered, in every published version', () => {
  it('takes each version on its own durable consumer, v1 on the one it always had', () => {
    const clue = consumers.filter((c) => c.durable.startsWith('supervision--clue-registered'));
    expect(clue.map((c) => [c.durable, c.filterSubjects])).toEqual(versions.map((v) => [clueRegisteredDurable(v), [v.subject]]));
    expect(clueRegisteredDurable(ClueRegisteredV1)).toBe('supervision--clue-registered');
    expect(versions.length).toBeGreaterThan(1);
  });

  it('decodes to the latest version', () => {
    expect(registry.contract('case-management', 'ClueRegistered')).toBe(latest);
  });

  it.each(versions.map((v) => [v.version, v] as const))(
    'learns the reference and the position from v%i, never the name',
    async (_version, contract) => {
      // As long as the version takes (v1: 100, from v2 on: 150 and more).
      const fits = (length: number) => {
        try {
          return registered(contract, '某'.repeat(length)) !== undefined;
        } catch {
          return false;
        }
      };
      const position = '某'.repeat(fits(150) ? 150 : 100);
      const written = await handle(contract, registered(contract, position));
      expect(written).toEqual([['c-p-1', 'c-p-1', position]]);
      expect(JSON.stringify(written)).not.toContain(NAME);
    },
  );
});

describe("Supervision learns a clue's link to a cadre from the public ClueLinkedToCadre (issue 12)", () => {
  it('takes it on its own durable consumer and records the clue, the cadre and the day, nothing else', async () => {
    const linked = consumers.find((c) => c.durable === 'supervision--clue-linked-to-cadre');
    expect(linked?.filterSubjects).toEqual([cm.ClueLinkedToCadre.subject]);
    expect(registry.contract('case-management', 'ClueLinkedToCadre')).toBe(cm.ClueLinkedToCadre);
    const data = { clueId: 'c-p-1', cadreId: 'cadre-1', linkedOn: '2026-09-25', office: 'case-management' };
    expect(await handle(cm.ClueLinkedToCadre, data)).toEqual([['c-p-1', 'cadre-1', '2026-09-25']]);
  });
});
