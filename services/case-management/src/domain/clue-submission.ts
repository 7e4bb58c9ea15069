// ClueSubmission: a clue a 派驻机构 or a 纪检监察室 found and reports to 案管 (实施办法 三(八): 对涉嫌
// 违纪违法的问题线索，按规定报送区纪委监委案管室). 案管 registers it, once, in one signed step (it
// becomes a clue, numbered and routed as any other), or declines it with a reason. The shape is the
// contract's; this decider checks who acts and the submission's state.
import type { DomainError, RegisteredClueSource } from '@jiandu/contracts';
import { deciderOf, DISPATCHED_AGENCY, HANDLING_OFFICE, refusal, type DecisionContext } from '@jiandu/decision';
import { CASE_MANAGEMENT, type Accused } from './problem-clue.js';

export const submissionStream = (submissionId: string) => `clue-submission-${submissionId}`;

/** What the submitter says of the clue. */
export interface SubmittedFacts {
  reference: string;
  categories: string[];
  category?: string;
  summary: string;
  accused: Accused;
}

// ── commands
export type SubmitClue = { type: 'SubmitClue'; data: { submissionId: string } & SubmittedFacts };
export type RegisterSubmission = { type: 'RegisterSubmission'; data: { submissionId: string; clueId: string } };
export type DeclineSubmission = { type: 'DeclineSubmission'; data: { submissionId: string; reason: string } };
export type SubmissionCommand = SubmitClue | RegisterSubmission | DeclineSubmission;

// ── events
export type ClueSubmitted = {
  type: 'ClueSubmitted';
  data: { submissionId: string; office: string; source: RegisteredClueSource; submittedAt: string } & SubmittedFacts;
};
export type ClueSubmissionRegistered = { type: 'ClueSubmissionRegistered'; data: { submissionId: string; clueId: string } };
export type ClueSubmissionDeclined = { type: 'ClueSubmissionDeclined'; data: { submissionId: string; reason: string } };
export type SubmissionEvent = ClueSubmitted | ClueSubmissionRegistered | ClueSubmissionDeclined;

// ── state
type Facts = ClueSubmitted['data'];
export type ClueSubmissionState =
  | { status: 'Initial' }
  | ({ status: 'Submitted' } & Facts)
  | ({ status: 'Registered'; clueId: string } & Facts)
  | ({ status: 'Declined'; reason: string } & Facts);

export const initialState = (): ClueSubmissionState => ({ status: 'Initial' });

/** A 派驻机构's clue comes from a dispatched agency; a 纪检监察室's it found itself. */
export const sourceOf = (office: string): RegisteredClueSource =>
  DISPATCHED_AGENCY.test(office) ? 'dispatched-agency' : 'self-found';

const notFound = (): DomainError => refusal('SUBMISSION_NOT_FOUND', 404, '未找到报送的问题线索', 'clue submission not found');
const onlyCaseManagement = (): DomainError =>
  refusal(
    'FORBIDDEN_OFFICE',
    403,
    '报送的问题线索只能由案管室登记或退回',
    'only case management registers or declines a submission',
  );

export function decide(
  command: SubmissionCommand,
  state: ClueSubmissionState,
  { now, actor }: DecisionContext,
): SubmissionEvent[] | DomainError {
  switch (command.type) {
    case 'SubmitClue': {
      if (!HANDLING_OFFICE.test(actor.office))
        return refusal(
          'FORBIDDEN_OFFICE',
          403,
          '只有纪检监察室和派驻机构可以报送问题线索',
          'only a supervision office or an agency submits clues',
        );
      if (state.status !== 'Initial')
        return refusal('SUBMISSION_EXISTS', 409, '该问题线索已报送', 'this submission exists already');
      const { submissionId, reference, categories, category, summary, accused } = command.data;
      return [
        {
          type: 'ClueSubmitted',
          data: {
            submissionId,
            office: actor.office,
            source: sourceOf(actor.office),
            reference,
            categories: [...categories],
            ...(category === undefined ? {} : { category }),
            summary,
            accused: { name: accused.name, position: accused.position, unitId: accused.unitId },
            submittedAt: now.toISOString(),
          },
        },
      ];
    }
    case 'RegisterSubmission':
    case 'DeclineSubmission': {
      if (actor.office !== CASE_MANAGEMENT) return onlyCaseManagement();
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Submitted')
        return refusal(
          'SUBMISSION_ALREADY_DECIDED',
          409,
          state.status === 'Registered' ? '该问题线索已登记' : '该问题线索已退回',
          `the submission is ${state.status.toLowerCase()} already`,
        );
      return command.type === 'RegisterSubmission'
        ? [{ type: 'ClueSubmissionRegistered', data: { submissionId: state.submissionId, clueId: command.data.clueId } }]
        : [{ type: 'ClueSubmissionDeclined', data: { submissionId: state.submissionId, reason: command.data.reason } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export function evolve(state: ClueSubmissionState, event: SubmissionEvent): ClueSubmissionState {
  switch (event.type) {
    case 'ClueSubmitted':
      return state.status === 'Initial' ? { status: 'Submitted', ...event.data } : state;
    case 'ClueSubmissionRegistered':
      return state.status === 'Submitted' ? { ...state, status: 'Registered', clueId: event.data.clueId } : state;
    case 'ClueSubmissionDeclined':
      return state.status === 'Submitted' ? { ...state, status: 'Declined', reason: event.data.reason } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const submissionDecider = deciderOf({ decide, evolve, initialState });
