import { caseManagementPublicEvents, ContractRegistry } from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { writingLatestVersions } from './service-host.js';

describe('writingLatestVersions', () => {
  it('writes an event at its public contract’s latest version, a private one at 1, a chosen one as chosen', async () => {
    const calls: unknown[][] = [];
    const raw = {
      schema: 'case_management',
      append: async (...args: unknown[]) => (calls.push(args), { version: 3 }),
    } as unknown as PostgresEventStore;
    const registry = new ContractRegistry().register(...Object.values(caseManagementPublicEvents));
    const store = writingLatestVersions(raw, { name: 'case-management', registry });
    const metadata = {
      actor: { sub: 'system', name: '系统', office: 'case-management' },
      correlationId: 'c-1',
      occurredAt: '2026-12-06T00:00:00.000Z',
    };
    const event = (type: string, schemaVersion?: number) => ({
      type,
      data: {},
      metadata,
      ...(schemaVersion ? { schemaVersion } : {}),
    });
    await store.append(
      'clue-c-1',
      [event('ClueRegistered'), event('ClueAssigned'), event('NotPublic'), event('ClueRegistered', 1)],
      2,
    );
    expect(calls).toEqual([
      [
        'clue-c-1',
        [
          // The latest published version, whatever it is now (v3 since the coded categories).
          { ...event('ClueRegistered'), schemaVersion: caseManagementPublicEvents.ClueRegistered.version },
          { ...event('ClueAssigned'), schemaVersion: 1 },
          { ...event('NotPublic'), schemaVersion: 1 },
          { ...event('ClueRegistered'), schemaVersion: 1 },
        ],
        2,
        undefined,
      ],
    ]);
    expect(store.schema).toBe('case_management');
  });
});
