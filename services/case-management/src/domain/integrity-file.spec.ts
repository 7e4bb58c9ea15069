import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import {
  decide,
  evolve,
  initialState,
  type CadreCommand,
  type CadreEvent,
  type EntryFacts,
  type IntegrityFileConfig,
} from './integrity-file.js';

// 2026-09-25 10:00 in Beijing: one month later is Sunday 10-25, which gives way to Monday 10-26.
const NOW = new Date('2026-09-25T02:00:00.000Z');
const actorOf = (office: string, sub = `u-${office}`): DecisionContext<IntegrityFileConfig> => ({
  now: NOW,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const SYSTEM = actorOf('case-management', 'system:case-management');
const { given } = specification({ decide, evolve, initialState });

const cadreId = 'cadre-1';
const facts = {
  cadreId,
  name: '王某某',
  unitId: 'u-street',
  position: '街道办事处主任',
  level: 'division-chief' as const,
  staffSub: 'staff-wang',
  relativeSubs: ['staff-wang-spouse'],
};
const register: CadreCommand = { type: 'RegisterCadre', data: facts };
const registered: CadreEvent[] = [
  { type: 'CadreRegistered', data: { ...facts, registeredAt: NOW.toISOString() } },
  {
    type: 'IntegrityFileOpened',
    data: {
      cadreId,
      unitId: 'u-street',
      position: '街道办事处主任',
      level: 'division-chief',
      openedOn: '2026-09-25',
      dueOn: '2026-10-26',
    },
  },
];
const inquiry: EntryFacts = {
  kind: 'light-measure',
  sourceType: 'InquiryConcluded',
  sourceRef: 'inq-1',
  sourceEventId: 'evt-1',
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  occurredOn: '2026-09-20',
  outcome: 'light-measure',
  measure: 'reminder',
};
const append = (entry: EntryFacts): CadreCommand => ({ type: 'AppendIntegrityEntry', data: { cadreId, entry } });
const appended = (entry: EntryFacts, seq: number, corrects?: string): CadreEvent => ({
  type: 'IntegrityEntryAppended',
  data: { cadreId, entryId: `${cadreId}:${seq}`, ...(corrects ? { corrects } : {}), ...entry },
});

describe('IntegrityFile', () => {
  it('opens when 案管 registers the cadre, due complete a month later (the last day moved off a Sunday)', () => {
    given().when(register, actorOf('case-management')).then(registered);
  });

  it('takes the months from the configuration', () => {
    const ctx = { ...actorOf('case-management'), config: { months: 2 } };
    const [facts0, opened] = registered as [CadreEvent, Extract<CadreEvent, { type: 'IntegrityFileOpened' }>];
    given()
      .when(register, ctx)
      .then([facts0, { ...opened, data: { ...opened.data, dueOn: '2026-11-25' } }]);
  });

  it('is registered by 案管 only, once, and the cadre is never their own relative', () => {
    for (const office of ['leadership', 'conduct-office', 'supervision-office-1', 'petition-office'])
      given().when(register, actorOf(office)).thenError('FORBIDDEN_OFFICE', 403);
    given(registered).when(register, actorOf('case-management')).thenError('CADRE_EXISTS', 409);
    given()
      .when({ type: 'RegisterCadre', data: { ...facts, relativeSubs: ['staff-wang'] } }, actorOf('case-management'))
      .thenError('CADRE_RELATIVE_IS_SELF', 400);
  });

  it('is marked complete by 案管, once, on time or not', () => {
    const complete: CadreCommand = { type: 'CompleteIntegrityFile', data: { cadreId } };
    given(registered)
      .when(complete, actorOf('case-management'))
      .then([
        { type: 'IntegrityFileCompleted', data: { cadreId, completedOn: '2026-09-25', dueOn: '2026-10-26', onTime: true } },
      ]);
    const late = { ...actorOf('case-management'), now: new Date('2026-11-02T02:00:00Z') };
    given(registered)
      .when(complete, late)
      .then([
        { type: 'IntegrityFileCompleted', data: { cadreId, completedOn: '2026-11-02', dueOn: '2026-10-26', onTime: false } },
      ]);
    given(registered).when(complete, actorOf('leadership')).thenError('FORBIDDEN_OFFICE', 403);
    given().when(complete, actorOf('case-management')).thenError('CADRE_NOT_FOUND', 404);
    const done: CadreEvent = {
      type: 'IntegrityFileCompleted',
      data: { cadreId, completedOn: '2026-09-25', dueOn: '2026-10-26', onTime: true },
    };
    given([...registered, done])
      .when(complete, actorOf('case-management'))
      .thenError('INTEGRITY_FILE_COMPLETE', 409);
  });

  it('appends entries from events only: the system, never a person typing', () => {
    given(registered)
      .when(append(inquiry), SYSTEM)
      .then([appended(inquiry, 1)]);
    for (const office of ['case-management', 'leadership', 'conduct-office'])
      given(registered).when(append(inquiry), actorOf(office)).thenError('ENTRY_FROM_EVENTS_ONLY', 403);
    given().when(append(inquiry), SYSTEM).thenError('CADRE_NOT_FOUND', 404);
  });

  it('appends an event once, however often it arrives', () => {
    given([...registered, appended(inquiry, 1)])
      .when(append(inquiry), SYSTEM)
      .then([]);
  });

  it('keeps an earlier entry and appends a correction that references it when a later event is about the same item', () => {
    const again: EntryFacts = { ...inquiry, sourceEventId: 'evt-2', measure: 'criticism' };
    given([...registered, appended(inquiry, 1)])
      .when(append(again), SYSTEM)
      .then([appended(again, 2, `${cadreId}:1`)]);
    const other: EntryFacts = { ...inquiry, sourceRef: 'inq-2', sourceEventId: 'evt-3' };
    given([...registered, appended(inquiry, 1), appended(again, 2, `${cadreId}:1`)])
      .when(append(other), SYSTEM)
      .then([appended(other, 3)]);
    // A second correction references the latest entry about the item.
    const third: EntryFacts = { ...inquiry, sourceEventId: 'evt-4' };
    given([...registered, appended(inquiry, 1), appended(again, 2, `${cadreId}:1`)])
      .when(append(third), SYSTEM)
      .then([appended(third, 3, `${cadreId}:2`)]);
  });

  it('copies a sanction entry field by field, with its effect periods', () => {
    const sanction = {
      kind: 'sanction' as const,
      sourceType: 'SanctionDecided',
      sourceRef: 'case-c-1',
      sourceEventId: 'evt-9',
      occurredOn: '2026-09-25',
      party: {
        kind: 'serious-warning' as const,
        effectiveFrom: '2026-09-25',
        effectiveUntil: '2028-03-25',
        rule: '纪律处分条例',
      },
      governmental: { kind: 'expulsion' as const, effectiveFrom: '2026-09-25', rule: '政务处分法第八条' },
      name: '王某某',
    } as EntryFacts;
    const { name: _dropped, ...kept } = sanction as EntryFacts & { name: string };
    given(registered)
      .when(append(sanction), SYSTEM)
      .then([appended(kept, 1)]);
  });

  it('links a clue to the cadre once, by 案管', () => {
    const link: CadreCommand = { type: 'LinkClue', data: { cadreId, clueId: 'c-1' } };
    const linked: CadreEvent = {
      type: 'ClueLinkedToCadre',
      data: { cadreId, clueId: 'c-1', linkedOn: '2026-09-25', office: 'case-management' },
    };
    given(registered).when(link, actorOf('case-management')).then([linked]);
    given([...registered, linked])
      .when(link, actorOf('case-management'))
      .thenError('CLUE_ALREADY_LINKED', 409);
    given(registered)
      .when({ type: 'LinkClue', data: { cadreId, clueId: 'c-1', linkedTo: 'cadre-2' } }, actorOf('case-management'))
      .thenError('CLUE_ALREADY_LINKED', 409);
    given(registered).when(link, actorOf('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
    given().when(link, actorOf('case-management')).thenError('CADRE_NOT_FOUND', 404);
  });
});
