import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from '@jiandu/decision';
import type {
  CaseOutcome,
  ClueOutcome,
  HandlingStatus,
  InquiryOutcome,
  Outcome,
  OutcomeSource,
  VerificationDecision,
} from './clue-outcomes.js';
import { clueHistory } from './clue-history.js';
import { decide, evolve, initialState, type ClueCommand, type ClueEvent, type DispositionKind } from './problem-clue.js';

// ── given / when / then
const NOW = new Date('2026-11-02T02:00:00.000Z');
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const caseManagement = actorOf('case-management');

const { given } = specification({ decide, evolve, initialState }, { context: caseManagement });

// ── fixtures
const clueId = 'c-1';
const number = 'XS-2026-000001';
const registered: ClueEvent = {
  type: 'ClueRegistered',
  data: {
    clueId,
    number,
    source: 'petition',
    sourceRef: 'p-1',
    unitId: 'unit-1',
    zoneId: 'zone-2',
    accused: { subjectRef: clueId, position: '街道办主任', unitId: 'unit-1' },
    categories: ['eight-rules'],
    category: '违反中央八项规定精神',
    summary: '公款吃喝',
    registeredAt: '2026-09-25T02:00:00.000Z',
  },
};
const assigned: ClueEvent = {
  type: 'ClueAssigned',
  data: {
    clueId,
    number,
    unitId: 'unit-1',
    zoneId: 'zone-2',
    assignedOffice: 'supervision-office-2',
    dispositionDeadline: '2026-10-25',
  },
};
const approvedAs = (kind: DispositionKind): ClueEvent[] => [
  registered,
  assigned,
  { type: 'DispositionProposed', data: { clueId, number, kind, reason: '反映问题具体' } },
  {
    type: 'DispositionApproved',
    data: { clueId, number, kind, unitId: 'unit-1', assignedOffice: 'supervision-office-2', sourceRef: 'p-1' },
  },
];
const inInquiry = approvedAs('inquiry');
const inVerification = approvedAs('verification');

// Named as the tests read (source, ref, outcome); the overloads keep each outcome with its source.
function record(source: 'inquiry', ref: string, outcome: InquiryOutcome): ClueCommand;
function record(source: 'verification', ref: string, outcome: VerificationDecision): ClueCommand;
function record(source: 'case', ref: string, outcome: CaseOutcome): ClueCommand;
function record(source: OutcomeSource, ref: string, outcome: ClueOutcome): ClueCommand {
  return { type: 'RecordOutcome', data: { clueId, ref, ...({ source, outcome } as Outcome) } };
}
function recorded(source: 'inquiry', ref: string, outcome: InquiryOutcome, status: HandlingStatus): ClueEvent;
function recorded(source: 'verification', ref: string, outcome: VerificationDecision, status: HandlingStatus): ClueEvent;
function recorded(source: 'case', ref: string, outcome: CaseOutcome, status: HandlingStatus): ClueEvent;
function recorded(source: OutcomeSource, ref: string, outcome: ClueOutcome, status: HandlingStatus): ClueEvent {
  return { type: 'ClueOutcomeRecorded', data: { clueId, number, ref, status, ...({ source, outcome } as Outcome) } };
}

describe('ProblemClue', () => {
  describe('when in inquiry', () => {
    it.each([
      ['accepted', 'Closed'],
      ['light-measure', 'Closed'],
      ['second-round', 'InInquiry'],
      ['convert-to-verification', 'InVerification'],
    ] as const)('follows the inquiry outcome %s to %s', (outcome, status) => {
      const event = recorded('inquiry', 'inq-1', outcome, status);
      given(inInquiry)
        .when(record('inquiry', 'inq-1', outcome))
        .then([event]);
      expect(given([...inInquiry, event]).state).toMatchObject({ status, disposition: 'inquiry', outcomes: ['inquiry:inq-1'] });
    });

    it('records an outcome once per inquiry, however often it arrives', () => {
      const first = recorded('inquiry', 'inq-1', 'convert-to-verification', 'InVerification');
      given([...inInquiry, first])
        .when(record('inquiry', 'inq-1', 'convert-to-verification'))
        .then([]);
      given([...inInquiry, first])
        .when(record('inquiry', 'inq-1', 'accepted'))
        .then([]);
    });

    it('stays in inquiry after a second round, and the second inquiry closes it', () => {
      const history = [...inInquiry, recorded('inquiry', 'inq-1', 'second-round', 'InInquiry')];
      given(history)
        .when(record('inquiry', 'inq-2', 'accepted'))
        .then([recorded('inquiry', 'inq-2', 'accepted', 'Closed')]);
    });

    it('takes no verification decision before it is converted', () => {
      given(inInquiry)
        .when(record('verification', 'ver-1', 'file-case'))
        .thenError('CLUE_WRONG_STATE', 409);
    });
  });

  describe('when in verification', () => {
    it.each([
      ['file-case', 'ToInvestigation'],
      ['close', 'Closed'],
      ['light-measure', 'Closed'],
      ['shelve', 'Shelved'],
      ['transfer', 'Closed'],
    ] as const)('follows the decision %s to %s', (decision, status) => {
      const event = recorded('verification', 'ver-1', decision, status);
      given(inVerification)
        .when(record('verification', 'ver-1', decision))
        .then([event]);
      expect(given([...inVerification, event]).state).toMatchObject({ status, disposition: 'verification' });
    });

    it('follows a verification converted from an inquiry', () => {
      const history = [...inInquiry, recorded('inquiry', 'inq-1', 'convert-to-verification', 'InVerification')];
      given(history)
        .when(record('verification', 'ver-1', 'file-case'))
        .then([recorded('verification', 'ver-1', 'file-case', 'ToInvestigation')]);
    });

    it('takes no inquiry outcome', () => {
      given(inVerification)
        .when(record('inquiry', 'inq-1', 'accepted'))
        .thenError('CLUE_WRONG_STATE', 409);
    });
  });

  describe('when sent to investigation (a case filed)', () => {
    const investigated = [...inVerification, recorded('verification', 'ver-1', 'file-case', 'ToInvestigation')];

    it("is sanctioned by review's SanctionDecided, once per case", () => {
      const event = recorded('case', 'case-c-1', 'sanctioned', 'Sanctioned');
      given(investigated)
        .when(record('case', 'case-c-1', 'sanctioned'))
        .then([event]);
      given([...investigated, event])
        .when(record('case', 'case-c-1', 'sanctioned'))
        .then([]);
      expect(given([...investigated, event]).state).toMatchObject({ status: 'Sanctioned' });
    });

    it('is closed when the review concludes without a sanction (免予处分 / 不予处分), once', () => {
      const event = recorded('case', 'case-c-1', 'no-sanction', 'Closed');
      given(investigated)
        .when(record('case', 'case-c-1', 'no-sanction'))
        .then([event]);
      given([...investigated, event])
        .when(record('case', 'case-c-1', 'no-sanction'))
        .then([]);
      expect(given([...investigated, event]).state).toMatchObject({ status: 'Closed' });
      given(inInquiry)
        .when(record('case', 'case-c-1', 'no-sanction'))
        .thenError('CLUE_WRONG_STATE', 409);
    });

    it('is closed when leadership refuses to file the case (不予立案), once; no sanction follows', () => {
      const event = recorded('case', 'case-c-1', 'filing-rejected', 'Closed');
      given(investigated)
        .when(record('case', 'case-c-1', 'filing-rejected'))
        .then([event]);
      given([...investigated, event])
        .when(record('case', 'case-c-1', 'filing-rejected'))
        .then([]);
      expect(given([...investigated, event]).state).toMatchObject({ status: 'Closed' });
      // The case counts once: it ended unfiled, and nothing it could publish later moves the clue.
      given([...investigated, event])
        .when(record('case', 'case-c-1', 'sanctioned'))
        .then([]);
      given(inVerification)
        .when(record('case', 'case-c-1', 'filing-rejected'))
        .thenError('CLUE_WRONG_STATE', 409);
    });

    it('takes no sanction before the case, nor in inquiry', () => {
      given(inVerification)
        .when(record('case', 'case-c-1', 'sanctioned'))
        .thenError('CLUE_WRONG_STATE', 409);
      given(inInquiry)
        .when(record('case', 'case-c-1', 'sanctioned'))
        .thenError('CLUE_WRONG_STATE', 409);
      given()
        .when(record('case', 'case-c-1', 'sanctioned'))
        .thenError('CLUE_NOT_FOUND', 404);
    });
  });

  describe('when its handling has ended', () => {
    const closed = [...inVerification, recorded('verification', 'ver-1', 'close', 'Closed')];

    it('ignores the same decision arriving again', () => {
      given(closed)
        .when(record('verification', 'ver-1', 'close'))
        .then([]);
    });

    it('takes no other outcome', () => {
      given(closed)
        .when(record('verification', 'ver-2', 'file-case'))
        .thenError('CLUE_WRONG_STATE', 409);
      given(closed)
        .when(record('inquiry', 'inq-1', 'accepted'))
        .thenError('CLUE_WRONG_STATE', 409);
    });

    it.each([
      ['shelved', approvedAs('shelve')],
      ['closed', approvedAs('close')],
    ])('takes no outcome when %s by approval', (_what, history) => {
      given(history)
        .when(record('inquiry', 'inq-1', 'accepted'))
        .thenError('CLUE_WRONG_STATE', 409);
    });
  });

  describe('before a disposition is approved', () => {
    it('takes no outcome', () => {
      given([registered, assigned])
        .when(record('inquiry', 'inq-1', 'accepted'))
        .thenError('CLUE_WRONG_STATE', 409);
    });

    it('cannot take an outcome for a clue that does not exist', () => {
      given()
        .when(record('inquiry', 'inq-1', 'accepted'))
        .thenError('CLUE_NOT_FOUND', 404);
    });
  });

  describe('recording an outcome', () => {
    it.each(['supervision-office-2', 'leadership', 'petition-office'])('is refused to %s', (office) => {
      given(inInquiry)
        .when(record('inquiry', 'inq-1', 'accepted'), actorOf(office))
        .thenError('FORBIDDEN_OFFICE', 403);
    });

    it('shows in the clue’s history with the inquiry it ended', () => {
      const event = recorded('inquiry', 'inq-1', 'light-measure', 'Closed');
      const actor = { sub: 'system:case-management', name: '案管室', office: 'case-management' };
      const [entry] = clueHistory([{ event, metadata: { occurredAt: NOW.toISOString(), actor } }]);
      expect(entry).toEqual({
        at: NOW.toISOString(),
        by: actor,
        what: 'ClueOutcomeRecorded',
        outcome: { source: 'inquiry', ref: 'inq-1', outcome: 'light-measure' },
      });
    });
  });
});
