import type { OfficeCode, DecisionContext } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import {
  decide,
  evolve,
  initialState,
  type OpinionCommand,
  type OpinionConfig,
  type OpinionEvent,
  type CandidateFindings,
  type Conclusion,
} from './opinion-request.js';

// Friday 2026-09-25 (Beijing): 10 working days later (09-28..09-30, the National Day holiday, 10-08, 10-09, 10-10 a 调休 working Saturday, 10-12..10-15) is 10-15
const NOW = new Date('2026-09-25T02:00:00.000Z');
type Context = DecisionContext<OpinionConfig>;
const as = (office: string, roles: string[] = [], sub = `u-${office}`): Context => ({
  now: NOW,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles, zones: [] },
  config: { replyWorkingDays: 10 },
});
const publicity = as('publicity-dept');
const system = as('publicity-dept', [], 'system:publicity');
const petitionOffice = as('petition-office');
const caseManagement = as('case-management');
const reviewOffice = as('review-office');
const leader = as('leadership', ['leader']);

const { given } = specification({ decide, evolve, initialState });
const requestId = 'or-1';
const candidate = (cadreId: string) => ({ cadreId, name: `人选${cadreId}`, unitId: 'u-1', position: '科长' });
const request: OpinionCommand = {
  type: 'RequestOpinion',
  data: {
    requestId,
    reference: '组干函〔2026〕12号',
    purpose: 'promotion',
    candidates: [candidate('k-a'), candidate('k-b'), candidate('k-c')],
  },
};
const requested: OpinionEvent = {
  type: 'OpinionRequested',
  data: {
    requestId,
    reference: '组干函〔2026〕12号',
    purpose: 'promotion',
    onDate: '2026-09-25',
    candidates: ['k-a', 'k-b', 'k-c'].map((id) => ({ ...candidate(id), subjectRefs: [] })),
    receivedOn: '2026-09-25',
    dueOn: '2026-10-15',
  },
};
const none = (...ids: string[]): CandidateFindings => ids.map((cadreId) => ({ cadreId, findings: [] }));
const verification = { kind: 'verification' as const, number: 'XS-2026-000007' };
const sanction = { kind: 'sanction' as const, number: 'case-c-9', effectiveFrom: '2026-03-01', effectiveUntil: '2027-08-31' };
const expired = { kind: 'sanction' as const, number: 'case-c-3', effectiveFrom: '2024-01-01', effectiveUntil: '2025-06-30' };
const proposedBy = (
  office: 'petition-office' | 'case-management' | 'review-office',
  candidates: CandidateFindings,
): OpinionEvent => ({
  type: 'ScreeningProposed',
  data: { requestId, office, candidates, proposedOn: '2026-09-25' },
});
const submittedBy = (
  office: 'petition-office' | 'case-management' | 'review-office',
  candidates: CandidateFindings,
): OpinionEvent => ({
  type: 'ScreeningResultSubmitted',
  data: { requestId, office, candidates, submittedOn: '2026-09-25' },
});
const cmFound: CandidateFindings = [{ cadreId: 'k-a', findings: [verification] }, ...none('k-b', 'k-c')];
const rvFound: CandidateFindings = [{ cadreId: 'k-b', findings: [sanction, expired] }, ...none('k-a', 'k-c')].sort((x, y) =>
  x.cadreId.localeCompare(y.cadreId),
);
const allIn: OpinionEvent[] = [
  requested,
  proposedBy('petition-office', none('k-a', 'k-b', 'k-c')),
  proposedBy('case-management', cmFound),
  proposedBy('review-office', rvFound),
  submittedBy('petition-office', none('k-a', 'k-b', 'k-c')),
  submittedBy('case-management', cmFound),
  submittedBy('review-office', rvFound),
];
const conclusions: Conclusion[] = [
  {
    cadreId: 'k-a',
    conclusion: 'postponed' as const,
    citations: [{ kind: 'verification' as const, number: verification.number }],
  },
  { cadreId: 'k-b', conclusion: 'vetoed' as const, citations: [{ kind: 'sanction' as const, number: sanction.number }] },
  { cadreId: 'k-c', conclusion: 'no-issue' as const, citations: [] },
];
const propose = (c: Conclusion[] = conclusions): OpinionCommand => ({
  type: 'ProposeReply',
  data: { requestId, conclusions: c },
});
const proposed: OpinionEvent = { type: 'ReplyProposed', data: { requestId, conclusions, proposedOn: '2026-09-25' } };
const approved: OpinionEvent = { type: 'OpinionApproved', data: { requestId, approvedOn: '2026-09-25' } };

describe('OpinionRequest: registering a request', () => {
  it('records the candidates and the reply due in 10 working days', () => {
    given().when(request, publicity).then([requested]);
  });
  it('is registered by 组宣部 only, once, and lists each candidate once', () => {
    given().when(request, petitionOffice).thenError('FORBIDDEN_OFFICE', 403);
    given([requested]).when(request, publicity).thenError('OPINION_REQUEST_EXISTS', 409);
    const twice: OpinionCommand = {
      type: 'RequestOpinion',
      data: { ...request.data, candidates: [candidate('k-a'), candidate('k-a')] },
    } as OpinionCommand;
    given().when(twice, publicity).thenError('DUPLICATE_CANDIDATE', 422, 'candidates');
  });
});

describe('OpinionRequest: the three screenings', () => {
  const record = (
    office: 'petition-office' | 'case-management' | 'review-office',
    candidates: CandidateFindings,
  ): OpinionCommand => ({
    type: 'RecordScreeningProposal',
    data: { requestId, office, candidates },
  });
  it('the system records what each office’s screening proposes, every candidate listed', () => {
    given([requested])
      .when(record('case-management', [{ cadreId: 'k-a', findings: [verification] }]), system)
      .then([proposedBy('case-management', cmFound)]);
    given([requested]).when(record('case-management', cmFound), publicity).thenError('SYSTEM_ONLY', 403);
    given([requested, proposedBy('case-management', cmFound)])
      .when(record('case-management', cmFound), system)
      .thenError('SCREENING_ALREADY_PROPOSED', 409);
  });
  it('a person of the office signs the matches it confirms; nothing else can be confirmed', () => {
    const submit = (candidates: { cadreId: string; findings: { kind: any; number: string }[] }[]): OpinionCommand => ({
      type: 'SubmitScreening',
      data: { requestId, candidates },
    });
    const base = [requested, proposedBy('case-management', cmFound)];
    given(base)
      .when(submit([{ cadreId: 'k-a', findings: [{ kind: 'verification', number: verification.number }] }]), caseManagement)
      .then([submittedBy('case-management', cmFound)]);
    // confirming none: the match was someone else of the same name
    given(base)
      .when(submit([]), caseManagement)
      .then([submittedBy('case-management', none('k-a', 'k-b', 'k-c'))]);
    given(base)
      .when(submit([{ cadreId: 'k-a', findings: [{ kind: 'clue', number: 'XS-2026-000099' }] }]), caseManagement)
      .thenError('FINDING_NOT_PROPOSED', 422, 'candidates.0.findings');
    given(base)
      .when(submit([{ cadreId: 'k-x', findings: [] }]), caseManagement)
      .thenError('NOT_A_CANDIDATE', 422);
    given(base).when(submit([]), publicity).thenError('FORBIDDEN_OFFICE', 403);
    given([requested]).when(submit([]), reviewOffice).thenError('SCREENING_NOT_PROPOSED', 409);
    given([...base, submittedBy('case-management', cmFound)])
      .when(submit([]), caseManagement)
      .thenError('SCREENING_ALREADY_SUBMITTED', 409);
  });
  it('is screened only when all three offices have signed', () => {
    expect(given(allIn.slice(0, 6)).state.status).toBe('Screening');
    expect(given(allIn).state.status).toBe('Screened');
  });
});

describe('OpinionRequest: the reply and its rules', () => {
  it('no reply before all screenings are in', () => {
    given(allIn.slice(0, 6)).when(propose(), publicity).thenError('SCREENINGS_INCOMPLETE', 409);
    given([requested]).when({ type: 'SendReply', data: { requestId } }, publicity).thenError('SCREENINGS_INCOMPLETE', 409);
  });
  it('proposes each candidate’s own conclusion, citing what the screenings found', () => {
    given(allIn).when(propose(), publicity).then([proposed]);
  });
  it('refuses a postponement without an open matter cited', () => {
    const bare = [{ ...conclusions[0]!, citations: [] }, conclusions[1]!, conclusions[2]!];
    given(allIn).when(propose(bare), publicity).thenError('POSTPONEMENT_NEEDS_OPEN_MATTER', 422, 'conclusions.0.citations');
    const sanctionOnly = [conclusions[0]!, { ...conclusions[1]!, conclusion: 'postponed' as const }, conclusions[2]!];
    given(allIn).when(propose(sanctionOnly), publicity).thenError('POSTPONEMENT_NEEDS_OPEN_MATTER', 422);
  });
  it('refuses a veto citing an expired sanction, or no sanction', () => {
    const old = [
      conclusions[0]!,
      { ...conclusions[1]!, citations: [{ kind: 'sanction' as const, number: expired.number }] },
      conclusions[2]!,
    ];
    given(allIn).when(propose(old), publicity).thenError('SANCTION_NOT_IN_EFFECT', 422, 'conclusions.1.citations');
    const noSanction = [conclusions[0]!, { ...conclusions[0]!, cadreId: 'k-b', conclusion: 'vetoed' as const }, conclusions[2]!];
    given(allIn).when(propose(noSanction), publicity).thenError('CITATION_NOT_FOUND', 422);
    const bare = [conclusions[0]!, { ...conclusions[1]!, citations: [] }, conclusions[2]!];
    given(allIn).when(propose(bare), publicity).thenError('VETO_NEEDS_SANCTION', 422);
  });
  it('refuses a citation the candidate’s screenings did not find, and a no-issue that cites', () => {
    const borrowed = [
      conclusions[0]!,
      conclusions[1]!,
      { cadreId: 'k-c', conclusion: 'postponed' as const, citations: conclusions[0]!.citations },
    ];
    given(allIn).when(propose(borrowed), publicity).thenError('CITATION_NOT_FOUND', 422, 'conclusions.2.citations');
    const citing = [{ ...conclusions[0]!, conclusion: 'no-issue' as const }, conclusions[1]!, conclusions[2]!];
    given(allIn).when(propose(citing), publicity).thenError('NO_ISSUE_CITES_ITEMS', 422);
  });
  it('wants one conclusion per candidate, and only them', () => {
    given(allIn)
      .when(propose(conclusions.slice(0, 2)), publicity)
      .thenError('CONCLUSION_PER_CANDIDATE', 422);
    given(allIn)
      .when(propose([...conclusions, conclusions[2]!]), publicity)
      .thenError('CONCLUSION_PER_CANDIDATE', 422);
  });
  it('goes out only after leadership’s approval, one OpinionReplied per candidate', () => {
    const send: OpinionCommand = { type: 'SendReply', data: { requestId } };
    given([...allIn, proposed])
      .when(send, publicity)
      .thenError('REPLY_NOT_APPROVED', 409);
    given([...allIn, proposed])
      .when({ type: 'ApproveReply', data: { requestId } }, publicity)
      .thenError('FORBIDDEN_OFFICE', 403);
    given([...allIn, proposed])
      .when({ type: 'ApproveReply', data: { requestId } }, leader)
      .then([approved]);
    const replied = given([...allIn, proposed, approved])
      .when(send, publicity)
      .events();
    expect(
      replied.map((e) => [e.type, (e.data as { cadreId: string }).cadreId, (e.data as { conclusion: string }).conclusion]),
    ).toEqual([
      ['OpinionReplied', 'k-a', 'postponed'],
      ['OpinionReplied', 'k-b', 'vetoed'],
      ['OpinionReplied', 'k-c', 'no-issue'],
    ]);
    expect(replied[1]!.data).toEqual({
      requestId,
      cadreId: 'k-b',
      purpose: 'promotion',
      onDate: '2026-09-25',
      conclusion: 'vetoed',
      citations: [{ kind: 'sanction', number: 'case-c-9' }],
      repliedOn: '2026-09-25',
    });
    given([...allIn, proposed, approved, ...replied])
      .when(send, publicity)
      .thenError('OPINION_WRONG_STATE', 409);
  });
  it('a rejected proposal goes back to 组宣部, which proposes again', () => {
    const rejected: OpinionEvent = { type: 'ReplyProposalRejected', data: { requestId, note: '请补充说明' } };
    given([...allIn, proposed])
      .when({ type: 'RejectReply', data: { requestId, note: '请补充说明' } }, leader)
      .then([rejected]);
    given([...allIn, proposed, rejected])
      .when(propose(), publicity)
      .then([proposed]);
  });
});
