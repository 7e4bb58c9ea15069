// ProblemClue 问题线索: numbered by 案管室, disposed of by the assigned office with leadership's
// approval. A clue handled outside the register, or disposed without approval, is refused.
//
// What a command may look like is the contract's to say: an operation's request schema
// (libs/contracts/src/api/case-management.ts) for the disposition commands, the public event it
// comes from for RegisterClue (PetitionTransferred) and RecordOutcome (InquiryConcluded,
// VerificationOpened, VerificationDecided). This decider checks only who acts and the clue's state.
import {
  clueSubjectRef,
  OTHER_CATEGORY,
  type CategoryCode,
  type ClueSource,
  type DispositionKind,
  type DomainError,
} from '@jiandu/contracts';
import { deciderOf, localDate, refusal, type DecisionContext, wrongStateRefusal } from '@jiandu/decision';
import { HANDLED_IN, outcomeKey, outcomeOf, statusAfterOutcome, type HandlingStatus, type Outcome } from './clue-outcomes.js';

export type { DispositionKind } from '@jiandu/contracts';

export const CASE_MANAGEMENT = 'case-management';
export const LEADERSHIP = 'leadership';

/** A petition's transfer, or a source 案管 registers from itself (巡察, audit, 舆情, …: ClueRegistered v3). */
export type { ClueSource } from '@jiandu/contracts';
export interface Accused {
  name: string;
  position: string;
  unitId: string;
}

/** The stream of one clue's events. */
export const clueStream = (clueId: string) => `clue-${clueId}`;

// ── commands
export type RegisterClue = {
  type: 'RegisterClue';
  data: {
    clueId: string;
    number: string;
    source: ClueSource;
    sourceRef: string;
    unitId: string;
    zoneId: string;
    assignedOffice: string;
    accused: Accused;
    /** Coded (one or more); a petition's free-text category reads ['other'] with its text in `category`. */
    categories: CategoryCode[];
    category?: string;
    summary: string;
    dispositionDeadline: string;
  };
};
export type ProposeDisposition = { type: 'ProposeDisposition'; data: { clueId: string; kind: DispositionKind; reason: string } };
export type ApproveDisposition = { type: 'ApproveDisposition'; data: { clueId: string; note?: string } };
export type RejectDisposition = { type: 'RejectDisposition'; data: { clueId: string; note: string } };
/**
 * 定期清理: the clue's office reviewed it in a clearance round (domain/clearance-round.ts) and
 * reactivates a shelved clue (it needs a disposition again, by `dispositionDeadline`), or proposes
 * to close a shelved or overdue one (予以了结, for leadership to approve as any proposal).
 */
export type ReactivateClue = { type: 'ReactivateClue'; data: { clueId: string; roundId: string; dispositionDeadline: string } };
export type ProposeClosureOnReview = {
  type: 'ProposeClosureOnReview';
  data: { clueId: string; roundId: string; reason: string };
};
/** Issued by the service when a supervision office ends an inquiry or a verification of the clue. */
export type RecordOutcome = { type: 'RecordOutcome'; data: { clueId: string; ref: string } & Outcome };
export type ClueCommand =
  | RegisterClue
  | ProposeDisposition
  | ApproveDisposition
  | RejectDisposition
  | RecordOutcome
  | ReactivateClue
  | ProposeClosureOnReview;

// ── events (who and when live in the event metadata)
type Registration = Omit<RegisterClue['data'], 'assignedOffice' | 'dispositionDeadline' | 'accused'>;
/** The accused as the public record has them (ClueRegistered v4): a reference, the position and unit, never the name. */
export interface AccusedRef {
  subjectRef: string;
  position: string;
  unitId: string;
}
export type ClueRegistered = { type: 'ClueRegistered'; data: Registration & { accused: AccusedRef; registeredAt: string } };
/** Private (never published): the accused's name, for 案管 (need to know), beside the public registration. */
export type ClueSubjectRecorded = { type: 'ClueSubjectRecorded'; data: { clueId: string; subjectRef: string; name: string } };
export type ClueAssigned = {
  type: 'ClueAssigned';
  data: { clueId: string; number: string; unitId: string; zoneId: string; assignedOffice: string; dispositionDeadline: string };
};
export type DispositionProposed = {
  type: 'DispositionProposed';
  data: { clueId: string; number: string; kind: DispositionKind; reason: string };
};
export type DispositionApproved = {
  type: 'DispositionApproved';
  data: {
    clueId: string;
    number: string;
    kind: DispositionKind;
    unitId: string;
    assignedOffice: string;
    sourceRef: string;
    note?: string;
  };
};
export type DispositionRejected = {
  type: 'DispositionRejected';
  data: { clueId: string; number: string; kind: DispositionKind; note: string };
};
export type ClueShelved = { type: 'ClueShelved'; data: { clueId: string; number: string } };
export type ClueClosed = { type: 'ClueClosed'; data: { clueId: string; number: string } };
export type ClueOutcomeRecorded = {
  type: 'ClueOutcomeRecorded';
  data: { clueId: string; number: string; ref: string; status: HandlingStatus } & Outcome;
};
export type ClueReactivated = {
  type: 'ClueReactivated';
  data: { clueId: string; number: string; roundId: string; dispositionDeadline: string };
};
export type ClueEvent =
  | ClueReactivated
  | ClueRegistered
  | ClueSubjectRecorded
  | ClueAssigned
  | DispositionProposed
  | DispositionApproved
  | DispositionRejected
  | ClueShelved
  | ClueClosed
  | ClueOutcomeRecorded;

// ── state
type Facts = ClueRegistered['data'];
type Assignment = { assignedOffice: string; dispositionDeadline: string };
type Proposal = { kind: DispositionKind; reason: string };
/** `outcomes`: the inquiries and verifications whose outcome is recorded (outcomeKey). */
type Handling = { disposition: DispositionKind; outcomes: readonly string[] };
export type ProblemClue =
  | { status: 'Initial' }
  | ({ status: 'Registered' } & Facts)
  | ({ status: 'Assigned' } & Facts & Assignment)
  | ({ status: 'DispositionProposed'; proposal: Proposal } & Facts & Assignment)
  | ({ status: 'DispositionRejected'; rejected: Proposal & { note: string } } & Facts & Assignment)
  /** A shelved clue a clearance round reactivated: it needs a disposition again, by the new deadline. */
  | ({ status: 'Reactivated'; roundId: string } & Facts & Assignment)
  | ({ status: HandlingStatus } & Handling & Facts & Assignment);

export type ClueStatus = ProblemClue['status'];
export const STATUS_AFTER_APPROVAL = {
  inquiry: 'InInquiry',
  verification: 'InVerification',
  shelve: 'Shelved',
  close: 'Closed',
} as const satisfies Record<DispositionKind, ClueStatus>;

export const initialState = (): ProblemClue => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('CLUE_NOT_FOUND', 404, '未找到问题线索', 'problem clue not found');
const wrongState = wrongStateRefusal('CLUE_WRONG_STATE', { zh: '问题线索', en: 'a clue' });
const onlyLeadership = (): DomainError =>
  refusal('FORBIDDEN_OFFICE', 403, '处置意见只能由委领导审批', 'only leadership approves dispositions');

// ── decide
export function decide(command: ClueCommand, state: ProblemClue, { now, actor }: DecisionContext): ClueEvent[] | DomainError {
  switch (command.type) {
    case 'RegisterClue':
      if (actor.office !== CASE_MANAGEMENT) {
        return refusal('FORBIDDEN_OFFICE', 403, '问题线索只能由案管室登记', 'only case management registers clues');
      }
      return register(command.data, state, now);
    case 'ProposeDisposition':
      return propose(command.data, state, actor.office);
    case 'ApproveDisposition':
      if (actor.office !== LEADERSHIP) return onlyLeadership();
      return approve(command.data, state);
    case 'RejectDisposition':
      if (actor.office !== LEADERSHIP) return onlyLeadership();
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'DispositionProposed') return wrongState(state, '退回处置意见', 'have a disposition rejected');
      return [
        {
          type: 'DispositionRejected',
          data: { clueId: state.clueId, number: state.number, kind: state.proposal.kind, note: command.data.note },
        },
      ];
    case 'ReactivateClue':
      return reactivate(command.data, state, actor.office, now);
    case 'ProposeClosureOnReview':
      return proposeClosure(command.data, state, actor.office);
    case 'RecordOutcome':
      if (actor.office !== CASE_MANAGEMENT) {
        return refusal('FORBIDDEN_OFFICE', 403, '办理结果只能由案管室登记', 'only case management records outcomes');
      }
      return recordOutcome(command.data, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function register(input: RegisterClue['data'], state: ProblemClue, now: Date): ClueEvent[] | DomainError {
  if (input.dispositionDeadline < localDate(now)) {
    return refusal('DEADLINE_IN_PAST', 422, '处置期限不能早于登记日', 'the disposition deadline cannot precede registration');
  }
  if (state.status !== 'Initial')
    return refusal('CLUE_ALREADY_REGISTERED', 409, '该问题线索已登记', 'this clue is already registered');
  const {
    clueId,
    number,
    source,
    sourceRef,
    unitId,
    zoneId,
    assignedOffice,
    categories,
    category,
    summary,
    dispositionDeadline,
  } = input;
  // Copied field by field: nothing the command carries beyond these reaches the event.
  const { name, position, unitId: accusedUnitId } = input.accused;
  return [
    {
      type: 'ClueRegistered',
      data: {
        clueId,
        number,
        source,
        sourceRef,
        unitId,
        zoneId,
        accused: { subjectRef: clueSubjectRef(clueId), position, unitId: accusedUnitId },
        categories: [...categories],
        ...(category === undefined ? {} : { category }),
        summary,
        registeredAt: now.toISOString(),
      },
    },
    { type: 'ClueSubjectRecorded', data: { clueId, subjectRef: clueSubjectRef(clueId), name } },
    { type: 'ClueAssigned', data: { clueId, number, unitId, zoneId, assignedOffice, dispositionDeadline } },
  ];
}

function propose({ kind, reason }: ProposeDisposition['data'], state: ProblemClue, office: string): ClueEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  if (state.status === 'Registered') return wrongState(state, '提出处置意见', 'take a disposition proposal');
  if (office !== state.assignedOffice) {
    return refusal('FORBIDDEN_OFFICE', 403, '只有承办部门可以提出处置意见', 'only the assigned office proposes a disposition');
  }
  if (state.status !== 'Assigned' && state.status !== 'DispositionRejected' && state.status !== 'Reactivated') {
    return wrongState(state, '提出处置意见', 'take a disposition proposal');
  }
  return [{ type: 'DispositionProposed', data: { clueId: state.clueId, number: state.number, kind, reason } }];
}

const onlyAssignedOfficeReviews = (): DomainError =>
  refusal('FORBIDDEN_OFFICE', 403, '只有承办部门可以复核该问题线索', 'only the assigned office reviews this clue');

function reactivate(
  { roundId, dispositionDeadline }: ReactivateClue['data'],
  state: ProblemClue,
  office: string,
  now: Date,
): ClueEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  if (office !== ('assignedOffice' in state ? state.assignedOffice : undefined)) return onlyAssignedOfficeReviews();
  if (state.status !== 'Shelved') return wrongState(state, '重新启用', 'be reactivated (only a shelved clue is)');
  if (dispositionDeadline < localDate(now)) {
    return refusal('DEADLINE_IN_PAST', 422, '处置期限不能早于今日', 'the disposition deadline cannot precede today');
  }
  return [{ type: 'ClueReactivated', data: { clueId: state.clueId, number: state.number, roundId, dispositionDeadline } }];
}

/** The states a clearance round lists (shelved, or overdue without a disposition) and in which closing may be proposed. */
const CLOSABLE_ON_REVIEW: readonly ProblemClue['status'][] = ['Shelved', 'Assigned', 'DispositionRejected', 'Reactivated'];

function proposeClosure(
  { reason }: ProposeClosureOnReview['data'],
  state: ProblemClue,
  office: string,
): ClueEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  if (office !== ('assignedOffice' in state ? state.assignedOffice : undefined)) return onlyAssignedOfficeReviews();
  if (!CLOSABLE_ON_REVIEW.includes(state.status)) return wrongState(state, '提出了结意见', 'take a proposal to close');
  return [{ type: 'DispositionProposed', data: { clueId: state.clueId, number: state.number, kind: 'close', reason } }];
}

function approve({ note }: ApproveDisposition['data'], state: ProblemClue): ClueEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  if (state.status !== 'DispositionProposed') return wrongState(state, '审批处置意见', 'have a disposition approved');
  const { clueId, number, unitId, assignedOffice, sourceRef, proposal } = state;
  const approved: DispositionApproved = {
    type: 'DispositionApproved',
    data: { clueId, number, kind: proposal.kind, unitId, assignedOffice, sourceRef, ...(note === undefined ? {} : { note }) },
  };
  if (proposal.kind === 'shelve') return [approved, { type: 'ClueShelved', data: { clueId, number } }];
  if (proposal.kind === 'close') return [approved, { type: 'ClueClosed', data: { clueId, number } }];
  return [approved];
}

function recordOutcome(data: RecordOutcome['data'], state: ProblemClue): ClueEvent[] | DomainError {
  const { ref, source } = data;
  if (state.status === 'Initial') return notFound();
  if ('outcomes' in state && state.outcomes.includes(outcomeKey(source, ref))) return [];
  if (state.status !== HANDLED_IN[source]) return wrongState(state, '登记该办理结果', 'take this outcome');
  const outcome = outcomeOf(data);
  return [
    {
      type: 'ClueOutcomeRecorded',
      data: { clueId: state.clueId, number: state.number, ref, ...outcome, status: statusAfterOutcome(outcome) },
    },
  ];
}

// ── evolve
/** What a ClueRegistered stored in any version gives the state (events are read as stored, not upcast). */
type StoredRegistration = Omit<Facts, 'accused' | 'categories'> & {
  accused: { subjectRef?: string; name?: string; position: string; unitId: string };
  categories?: CategoryCode[];
};
function registeredFacts(data: StoredRegistration): Facts {
  // Before v4 the accused was named (the name is dropped: it is the private record's); before v3
  // a clue carried free text only (coded `other`, the text kept).
  const { accused, categories, ...rest } = data;
  return {
    ...rest,
    accused: {
      subjectRef: accused.subjectRef ?? clueSubjectRef(data.clueId),
      position: accused.position,
      unitId: accused.unitId,
    },
    categories: categories ?? [OTHER_CATEGORY],
  };
}

export function evolve(state: ProblemClue, event: ClueEvent): ProblemClue {
  switch (event.type) {
    case 'ClueRegistered':
      return state.status === 'Initial' ? { status: 'Registered', ...registeredFacts(event.data) } : state;
    case 'ClueAssigned': {
      if (state.status !== 'Registered') return state;
      const { assignedOffice, dispositionDeadline } = event.data;
      return { ...state, status: 'Assigned', assignedOffice, dispositionDeadline };
    }
    case 'DispositionProposed': {
      const proposal = { kind: event.data.kind, reason: event.data.reason };
      if (state.status === 'Assigned') return { ...state, status: 'DispositionProposed', proposal };
      if (state.status === 'Reactivated') {
        const { roundId: _round, ...rest } = state;
        return { ...rest, status: 'DispositionProposed', proposal };
      }
      if (state.status === 'Shelved') {
        const { disposition: _disposition, outcomes: _outcomes, ...rest } = state;
        return { ...rest, status: 'DispositionProposed', proposal };
      }
      if (state.status !== 'DispositionRejected') return state;
      const { rejected: _previous, ...rest } = state;
      return { ...rest, status: 'DispositionProposed', proposal };
    }
    case 'ClueReactivated': {
      if (state.status !== 'Shelved') return state;
      const { disposition: _disposition, outcomes: _outcomes, ...rest } = state;
      const { roundId, dispositionDeadline } = event.data;
      return { ...rest, status: 'Reactivated', roundId, dispositionDeadline };
    }
    case 'DispositionRejected': {
      if (state.status !== 'DispositionProposed') return state;
      const { proposal, ...rest } = state;
      return { ...rest, status: 'DispositionRejected', rejected: { ...proposal, note: event.data.note } };
    }
    case 'DispositionApproved': {
      if (state.status !== 'DispositionProposed') return state;
      const { proposal: _proposal, ...rest } = state;
      return { ...rest, status: STATUS_AFTER_APPROVAL[event.data.kind], disposition: event.data.kind, outcomes: [] };
    }
    case 'ClueOutcomeRecorded': {
      if (!('outcomes' in state)) return state;
      const { source, ref, status } = event.data;
      return { ...state, status, outcomes: [...state.outcomes, outcomeKey(source, ref)] };
    }
    // The approval already moved the clue; these mark it for ledgers and sweeps. The name is 案管's
    // private record, read from the store by whoever needs to know; no decision depends on it.
    case 'ClueSubjectRecorded':
    case 'ClueShelved':
    case 'ClueClosed':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The clue's decider, as executeCommand and specification() run it. */
export const clueDecider = deciderOf({ decide, evolve, initialState });
