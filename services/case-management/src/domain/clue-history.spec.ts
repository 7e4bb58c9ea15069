import { clueHistory } from './clue-history.js';

const by = (office: string) => ({ sub: `u-${office}`, name: `${office} user`, office });
/** A full actor as a caller passes it: the history keeps who, never the roles. */
const clerk = { ...by('case-management'), roles: ['clerk'], zones: [] };

describe('Clue history', () => {
  it('reads who did what, and when, from event metadata', () => {
    const history = clueHistory([
      {
        event: {
          type: 'ClueAssigned',
          data: {
            clueId: 'c',
            number: 'XS-2026-000001',
            unitId: 'u',
            zoneId: 'z',
            assignedOffice: 'supervision-office-1',
            dispositionDeadline: '2026-10-25',
          },
        },
        metadata: { occurredAt: '2026-09-25T02:00:00.000Z', actor: clerk },
      },
      {
        event: {
          type: 'DispositionProposed',
          data: { clueId: 'c', number: 'XS-2026-000001', kind: 'inquiry', reason: '问题具体' },
        },
        metadata: { occurredAt: '2026-09-30T02:00:00.000Z', actor: by('supervision-office-1') },
      },
      {
        event: { type: 'DispositionRejected', data: { clueId: 'c', number: 'XS-2026-000001', kind: 'inquiry', note: '改初核' } },
        metadata: { occurredAt: '2026-10-01T02:00:00.000Z', actor: by('leadership') },
      },
      {
        event: { type: 'ClueClosed', data: { clueId: 'c', number: 'XS-2026-000001' } },
        metadata: { occurredAt: '2026-10-02T02:00:00.000Z', actor: by('leadership') },
      },
    ]);
    expect(history).toEqual([
      { at: '2026-09-25T02:00:00.000Z', by: by('case-management'), what: 'ClueAssigned', assignedOffice: 'supervision-office-1' },
      {
        at: '2026-09-30T02:00:00.000Z',
        by: by('supervision-office-1'),
        what: 'DispositionProposed',
        kind: 'inquiry',
        remark: '问题具体',
      },
      { at: '2026-10-01T02:00:00.000Z', by: by('leadership'), what: 'DispositionRejected', kind: 'inquiry', remark: '改初核' },
      { at: '2026-10-02T02:00:00.000Z', by: by('leadership'), what: 'ClueClosed' },
    ]);
  });
});
