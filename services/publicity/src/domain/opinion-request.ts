// Integrity opinion request 廉政意见回复 (组宣部): the organisation department asks about candidates
// (promotion, commendation, appointment), each named by cadre id. 信访室, 案管室 and 审理室 screen
// them in parallel: the system proposes each office's matches (ScreeningProposed, as the system),
// a person of that office confirms them and signs (ScreeningResultSubmitted). When all three are
// in, 组宣部 proposes each candidate's conclusion; leadership approves; the reply goes out, one
// OpinionReplied per candidate. The seed's rules (DOMAIN.md, IntegrityOpinionRequest):
//   - no reply before every screening is in, nor before leadership's approval;
//   - 暂缓 (postponed) only citing an open clue, inquiry, verification or case a screening found;
//   - 否决 (vetoed) only citing a sanction in effect on the request's date;
//   - every candidate gets its own conclusion. Default reply limit: 10 working days.
import { defaultCalendar, type WorkingCalendar } from '@jiandu/calendar';
import {
  SCREENING_OFFICES,
  type Candidate,
  type Citation,
  type DomainError,
  type Finding,
  type OpinionConclusion,
  type OpinionPurpose,
  type ScreeningOffice,
} from '@jiandu/contracts';
import { deciderOf, localDate, refusal, wrongStateRefusal, type DecisionContext } from '@jiandu/decision';

export const opinionRequestStream = (requestId: string): string => `opinion-${requestId}`;
export const PUBLICITY_DEPT = 'publicity-dept';
export const LEADERSHIP = 'leadership';
export const DEFAULT_REPLY_WORKING_DAYS = 10;

export interface OpinionConfig {
  calendar?: WorkingCalendar;
  /** Working days from receipt to the reply (default 10). */
  replyWorkingDays?: number;
}

/** Kinds a postponement may cite: an open clue, inquiry, verification or case. */
export const OPEN_MATTER_KINDS: readonly Finding['kind'][] = ['clue', 'inquiry', 'verification', 'case'];

export interface CandidateFacts {
  cadreId: string;
  name: string;
  unitId: string;
  position: string;
  subjectRefs: string[];
}
export type CandidateFindings = { cadreId: string; findings: Finding[] }[];
export interface Conclusion {
  cadreId: string;
  conclusion: OpinionConclusion;
  citations: Citation[];
}

// ── commands
export type RequestOpinion = {
  type: 'RequestOpinion';
  data: { requestId: string; reference: string; purpose: OpinionPurpose; onDate?: string; candidates: Candidate[] };
};
export type RecordScreeningProposal = {
  type: 'RecordScreeningProposal';
  data: { requestId: string; office: ScreeningOffice; candidates: CandidateFindings };
};
export type SubmitScreening = {
  type: 'SubmitScreening';
  data: { requestId: string; candidates: { cadreId: string; findings: Citation[] }[] };
};
export type ProposeReply = { type: 'ProposeReply'; data: { requestId: string; conclusions: Conclusion[] } };
export type ApproveReply = { type: 'ApproveReply'; data: { requestId: string; note?: string } };
export type RejectReply = { type: 'RejectReply'; data: { requestId: string; note: string } };
export type SendReply = { type: 'SendReply'; data: { requestId: string } };
export type OpinionCommand =
  RequestOpinion | RecordScreeningProposal | SubmitScreening | ProposeReply | ApproveReply | RejectReply | SendReply;

// ── events (OpinionRequested and the screenings are private: names, and what each office found)
export type OpinionRequested = {
  type: 'OpinionRequested';
  data: {
    requestId: string;
    reference: string;
    purpose: OpinionPurpose;
    onDate: string;
    candidates: CandidateFacts[];
    receivedOn: string;
    dueOn: string;
  };
};
export type ScreeningProposed = {
  type: 'ScreeningProposed';
  data: { requestId: string; office: ScreeningOffice; candidates: CandidateFindings; proposedOn: string };
};
export type ScreeningResultSubmitted = {
  type: 'ScreeningResultSubmitted';
  data: { requestId: string; office: ScreeningOffice; candidates: CandidateFindings; submittedOn: string };
};
export type ReplyProposed = { type: 'ReplyProposed'; data: { requestId: string; conclusions: Conclusion[]; proposedOn: string } };
export type ReplyProposalRejected = { type: 'ReplyProposalRejected'; data: { requestId: string; note: string } };
export type OpinionApproved = { type: 'OpinionApproved'; data: { requestId: string; note?: string; approvedOn: string } };
export type OpinionReplied = {
  type: 'OpinionReplied';
  data: {
    requestId: string;
    cadreId: string;
    purpose: OpinionPurpose;
    onDate: string;
    conclusion: OpinionConclusion;
    citations: Citation[];
    repliedOn: string;
  };
};
export type OpinionEvent =
  | OpinionRequested
  | ScreeningProposed
  | ScreeningResultSubmitted
  | ReplyProposed
  | ReplyProposalRejected
  | OpinionApproved
  | OpinionReplied;

// ── state
export interface Screening {
  status: 'pending' | 'proposed' | 'submitted';
  proposed: CandidateFindings;
  confirmed: CandidateFindings;
}
type Facts = Omit<OpinionRequested['data'], 'requestId'> & {
  requestId: string;
  screenings: Record<ScreeningOffice, Screening>;
  rejection?: string;
};
export type OpinionRequest =
  | { status: 'Initial' }
  | ({ status: 'Screening' | 'Screened' } & Facts)
  | ({ status: 'ReplyProposed' | 'Approved'; conclusions: Conclusion[] } & Facts)
  | ({ status: 'Replied'; conclusions: Conclusion[]; repliedOn: string; replied: string[] } & Facts);
export type OpinionStatus = OpinionRequest['status'];

export const initialState = (): OpinionRequest => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError =>
  refusal('OPINION_REQUEST_NOT_FOUND', 404, '未找到廉政意见回复请求', 'opinion request not found');
const wrongState = wrongStateRefusal('OPINION_WRONG_STATE', { zh: '廉政意见回复', en: 'an opinion request' });
const forbiddenOffice = (zh: string, en: string): DomainError => refusal('FORBIDDEN_OFFICE', 403, zh, en);
const isSystem = (sub: string) => sub.startsWith('system:');

const sameItem = (a: Citation, b: Citation) => a.kind === b.kind && a.number === b.number;
/** Whether a sanction's effect period covers `day` (from its first day through its last; none: permanent). */
export const inEffectOn = (f: Pick<Finding, 'effectiveFrom' | 'effectiveUntil'>, day: string): boolean =>
  f.effectiveFrom !== undefined && f.effectiveFrom <= day && (f.effectiveUntil === undefined || day <= f.effectiveUntil);

/** Every item the signed screenings found for a candidate. */
export function confirmedFor(state: Facts, cadreId: string): Finding[] {
  return SCREENING_OFFICES.flatMap(
    (office) => state.screenings[office].confirmed.find((c) => c.cadreId === cadreId)?.findings ?? [],
  );
}

function checkConclusions(state: Facts, conclusions: Conclusion[]): DomainError | undefined {
  const ids = state.candidates.map((c) => c.cadreId);
  const given = conclusions.map((c) => c.cadreId);
  if (new Set(given).size !== given.length || given.length !== ids.length || !ids.every((id) => given.includes(id)))
    return refusal(
      'CONCLUSION_PER_CANDIDATE',
      422,
      '每名人选须有且仅有一项回复结论',
      'every candidate needs exactly one conclusion, and only the candidates of the request',
    );
  for (const [i, c] of conclusions.entries()) {
    const found = confirmedFor(state, c.cadreId);
    const field = (zh: string, en: string) => [{ path: `conclusions.${i}.citations`, message: { zh, en } }];
    const unknown = c.citations.find((cited) => !found.some((f) => sameItem(f, cited)));
    if (unknown)
      return refusal(
        'CITATION_NOT_FOUND',
        422,
        '所引用的事项不在该人选的核查结果中',
        'a cited item is not among the screening results for this candidate',
        field('未在核查结果中', 'not among the screening results'),
      );
    const cited = c.citations.map((x) => found.find((f) => sameItem(f, x))!);
    switch (c.conclusion) {
      case 'no-issue':
        if (cited.length > 0)
          return refusal(
            'NO_ISSUE_CITES_ITEMS',
            422,
            '“未发现问题”的结论不应引用事项',
            'a no-issue conclusion cites no item',
            field('不应引用事项', 'cite nothing'),
          );
        break;
      case 'postponed':
        if (!cited.some((f) => OPEN_MATTER_KINDS.includes(f.kind)))
          return refusal(
            'POSTPONEMENT_NEEDS_OPEN_MATTER',
            422,
            '暂缓须引用尚未办结的问题线索、谈话函询、初步核实或案件',
            'a postponement must cite an open clue, inquiry, verification or case',
            field('须引用未办结事项', 'cite an open matter'),
          );
        break;
      case 'vetoed': {
        const sanctions = cited.filter((f) => f.kind === 'sanction');
        if (sanctions.length === 0)
          return refusal(
            'VETO_NEEDS_SANCTION',
            422,
            '否决须引用处于影响期内的处分',
            'a veto must cite a sanction in its effect period',
            field('须引用处分', 'cite a sanction'),
          );
        if (!sanctions.some((f) => inEffectOn(f, state.onDate)))
          return refusal(
            'SANCTION_NOT_IN_EFFECT',
            422,
            `所引用的处分在 ${state.onDate} 不在影响期内`,
            `the cited sanction is not in effect on ${state.onDate}`,
            field('处分不在影响期内', 'not in effect on the date'),
          );
        break;
      }
      default: {
        const never: never = c.conclusion;
        return never;
      }
    }
  }
  return undefined;
}

export function decide(
  command: OpinionCommand,
  state: OpinionRequest,
  context: DecisionContext<OpinionConfig>,
): OpinionEvent[] | DomainError {
  const { actor, now, config } = context;
  const today = localDate(now);
  const calendar = config?.calendar ?? defaultCalendar();
  switch (command.type) {
    case 'RequestOpinion': {
      if (actor.office !== PUBLICITY_DEPT)
        return forbiddenOffice('廉政意见回复请求由组宣部登记', 'the publicity department registers an opinion request');
      if (state.status !== 'Initial')
        return refusal('OPINION_REQUEST_EXISTS', 409, '该廉政意见回复请求已登记', 'this opinion request is already registered');
      const { requestId, reference, purpose, onDate, candidates } = command.data;
      const ids = candidates.map((c) => c.cadreId);
      if (new Set(ids).size !== ids.length)
        return refusal('DUPLICATE_CANDIDATE', 422, '同一人选不能重复列出', 'a candidate is listed twice', [
          { path: 'candidates', message: { zh: '人选重复', en: 'listed twice' } },
        ]);
      const due = calendar.addWorkingDays(today, config?.replyWorkingDays ?? DEFAULT_REPLY_WORKING_DAYS);
      return [
        {
          type: 'OpinionRequested',
          data: {
            requestId,
            reference,
            purpose,
            onDate: onDate ?? today,
            // copied field by field: nothing else a request carried reaches the event
            candidates: candidates.map(({ cadreId, name, unitId, position, subjectRefs }) => ({
              cadreId,
              name,
              unitId,
              position,
              subjectRefs: [...(subjectRefs ?? [])],
            })),
            receivedOn: today,
            dueOn: due.date,
          },
        },
      ];
    }
    case 'RecordScreeningProposal': {
      if (!isSystem(actor.sub))
        return refusal('SYSTEM_ONLY', 403, '核查比对结果只能由系统记录', 'only the system records what a screening proposes');
      if (state.status === 'Initial') return notFound();
      const screening = state.screenings[command.data.office];
      if (state.status !== 'Screening' || screening.status !== 'pending')
        return refusal(
          'SCREENING_ALREADY_PROPOSED',
          409,
          '该部门的核查比对结果已记录',
          'this office’s screening is already proposed',
        );
      const ids = state.candidates.map((c) => c.cadreId);
      const candidates = ids.map((cadreId) => ({
        cadreId,
        findings: command.data.candidates.find((c) => c.cadreId === cadreId)?.findings ?? [],
      }));
      return [
        {
          type: 'ScreeningProposed',
          data: { requestId: state.requestId, office: command.data.office, candidates, proposedOn: today },
        },
      ];
    }
    case 'SubmitScreening': {
      const office = actor.office as ScreeningOffice;
      if (!(SCREENING_OFFICES as readonly string[]).includes(actor.office))
        return forbiddenOffice(
          '只有信访室、案管室和审理室签署核查结果',
          'only the petition, case-management and review offices sign a screening',
        );
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Screening') return wrongState(state, '提交核查结果', 'take a screening result');
      const screening = state.screenings[office];
      if (screening.status === 'submitted')
        return refusal(
          'SCREENING_ALREADY_SUBMITTED',
          409,
          '本部门已提交核查结果',
          'your office has already submitted its screening',
        );
      if (screening.status === 'pending')
        return refusal(
          'SCREENING_NOT_PROPOSED',
          409,
          '系统尚未完成本部门的核查比对，请稍后再试',
          'the system has not yet proposed your office’s matches; try again shortly',
        );
      const ids = state.candidates.map((c) => c.cadreId);
      for (const [i, c] of command.data.candidates.entries()) {
        if (!ids.includes(c.cadreId))
          return refusal('NOT_A_CANDIDATE', 422, '该人员不是本次请求的人选', 'not a candidate of this request', [
            { path: `candidates.${i}.cadreId`, message: { zh: '非本次人选', en: 'not a candidate' } },
          ]);
        const proposed = screening.proposed.find((p) => p.cadreId === c.cadreId)?.findings ?? [];
        if (c.findings.some((f) => !proposed.some((p) => sameItem(p, f))))
          return refusal(
            'FINDING_NOT_PROPOSED',
            422,
            '确认的事项须是系统比对出的事项',
            'a confirmed item must be one the system proposed',
            [{ path: `candidates.${i}.findings`, message: { zh: '非系统比对事项', en: 'not proposed' } }],
          );
      }
      const candidates = ids.map((cadreId) => {
        const proposed = screening.proposed.find((p) => p.cadreId === cadreId)?.findings ?? [];
        const confirmed = command.data.candidates.filter((c) => c.cadreId === cadreId).flatMap((c) => c.findings);
        return { cadreId, findings: proposed.filter((p) => confirmed.some((f) => sameItem(p, f))) };
      });
      return [{ type: 'ScreeningResultSubmitted', data: { requestId: state.requestId, office, candidates, submittedOn: today } }];
    }
    case 'ProposeReply': {
      if (actor.office !== PUBLICITY_DEPT)
        return forbiddenOffice('回复意见由组宣部提出', 'the publicity department proposes the reply');
      if (state.status === 'Initial') return notFound();
      if (state.status === 'Screening')
        return refusal(
          'SCREENINGS_INCOMPLETE',
          409,
          '信访室、案管室、审理室的核查结果尚未全部提交，不能回复',
          'no reply before the petition, case-management and review offices have all submitted their screenings',
        );
      if (state.status !== 'Screened') return wrongState(state, '提出回复意见', 'take a proposed reply');
      const error = checkConclusions(state, command.data.conclusions);
      if (error) return error;
      const conclusions = command.data.conclusions.map(({ cadreId, conclusion, citations }) => ({
        cadreId,
        conclusion,
        citations: citations.map(({ kind, number }) => ({ kind, number })),
      }));
      return [{ type: 'ReplyProposed', data: { requestId: state.requestId, conclusions, proposedOn: today } }];
    }
    case 'ApproveReply':
    case 'RejectReply': {
      if (actor.office !== LEADERSHIP) return forbiddenOffice('回复意见由委领导审批', 'leadership approves the reply');
      if (state.status === 'Initial') return notFound();
      if (state.status === 'Screening')
        return refusal('SCREENINGS_INCOMPLETE', 409, '核查结果尚未全部提交', 'the screenings are not all in');
      if (state.status !== 'ReplyProposed') return wrongState(state, '审批回复意见', 'have its reply approved');
      if (command.type === 'RejectReply')
        return [{ type: 'ReplyProposalRejected', data: { requestId: state.requestId, note: command.data.note } }];
      const { note } = command.data;
      return [
        {
          type: 'OpinionApproved',
          data: { requestId: state.requestId, ...(note === undefined ? {} : { note }), approvedOn: today },
        },
      ];
    }
    case 'SendReply': {
      if (actor.office !== PUBLICITY_DEPT) return forbiddenOffice('回复由组宣部发出', 'the publicity department sends the reply');
      if (state.status === 'Initial') return notFound();
      if (state.status === 'Screening')
        return refusal('SCREENINGS_INCOMPLETE', 409, '核查结果尚未全部提交，不能回复', 'no reply before every screening is in');
      if (state.status === 'Screened' || state.status === 'ReplyProposed')
        return refusal(
          'REPLY_NOT_APPROVED',
          409,
          '回复意见须经委领导审批后方可发出',
          'the reply goes out only after leadership’s approval',
        );
      if (state.status !== 'Approved') return wrongState(state, '发出回复', 'send the reply');
      const { requestId, purpose, onDate } = state;
      return state.conclusions.map((c) => ({
        type: 'OpinionReplied' as const,
        data: {
          requestId,
          cadreId: c.cadreId,
          purpose,
          onDate,
          conclusion: c.conclusion,
          citations: c.citations,
          repliedOn: today,
        },
      }));
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

const allSubmitted = (screenings: Record<ScreeningOffice, Screening>) =>
  SCREENING_OFFICES.every((o) => screenings[o].status === 'submitted');

export function evolve(state: OpinionRequest, event: OpinionEvent): OpinionRequest {
  switch (event.type) {
    case 'OpinionRequested': {
      if (state.status !== 'Initial') return state;
      const pending = (): Screening => ({ status: 'pending', proposed: [], confirmed: [] });
      const screenings = { 'petition-office': pending(), 'case-management': pending(), 'review-office': pending() };
      return { status: 'Screening', ...event.data, screenings };
    }
    case 'ScreeningProposed': {
      if (state.status !== 'Screening') return state;
      const s = state.screenings[event.data.office];
      return {
        ...state,
        screenings: { ...state.screenings, [event.data.office]: { ...s, status: 'proposed', proposed: event.data.candidates } },
      };
    }
    case 'ScreeningResultSubmitted': {
      if (state.status !== 'Screening') return state;
      const s = state.screenings[event.data.office];
      const screenings = {
        ...state.screenings,
        [event.data.office]: { ...s, status: 'submitted' as const, confirmed: event.data.candidates },
      };
      return { ...state, status: allSubmitted(screenings) ? 'Screened' : 'Screening', screenings };
    }
    case 'ReplyProposed':
      return state.status === 'Screened' ? { ...state, status: 'ReplyProposed', conclusions: event.data.conclusions } : state;
    case 'ReplyProposalRejected': {
      if (state.status !== 'ReplyProposed') return state;
      const { conclusions: _c, ...rest } = state;
      return { ...rest, status: 'Screened', rejection: event.data.note };
    }
    case 'OpinionApproved':
      return state.status === 'ReplyProposed' ? { ...state, status: 'Approved' } : state;
    case 'OpinionReplied': {
      if (state.status === 'Approved')
        return { ...state, status: 'Replied', repliedOn: event.data.repliedOn, replied: [event.data.cadreId] };
      if (state.status === 'Replied') return { ...state, replied: [...state.replied, event.data.cadreId] };
      return state;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const opinionRequestDecider = deciderOf({ decide, evolve, initialState });
