// SupervisionAdvice 加强监督建议书 (实施办法 第三条(五)): 审理室 analyses a sanctioned case and names a
// common issue at its unit (review's CommonIssueIdentified); the service issues the advice on it, as
// the system, to the office that supervises the unit (the one that handled the case), with a
// response deadline like a recommendation's; that office records how it strengthens supervision.
import type { DomainError } from '@jiandu/contracts';
import { deciderOf, localDate, refusal, wrongStateRefusal } from '@jiandu/decision';
import { calendarOf, forbiddenOffice, isSystem, systemOnly, type CalendarConfig, type DecisionContext } from './decision.js';

/** The stream of one advice. */
export const supervisionAdviceStream = (adviceId: string): string => `supervision-advice-${adviceId}`;
/** The advice issued on a common issue: one per issue. */
export const adviceIdOf = (issueId: string): string => `advice-${issueId}`;

export const DEFAULT_ADVICE_RESPONSE_DAYS = 30;
export interface SupervisionAdviceConfig extends CalendarConfig {
  /** Calendar days the addressed office has to respond (default 30, as a recommendation). */
  responseDays?: number;
}

// ── commands
export interface AdviceFacts {
  adviceId: string;
  issueId: string;
  caseId: string;
  clueId: string;
  clueNumber: string;
  unitId: string;
  /** The office it is addressed to. */
  office: string;
  content: string;
}
export type IssueSupervisionAdvice = { type: 'IssueSupervisionAdvice'; data: AdviceFacts };
export type RespondToSupervisionAdvice = { type: 'RespondToSupervisionAdvice'; data: { adviceId: string; response: string } };
export type SupervisionAdviceCommand = IssueSupervisionAdvice | RespondToSupervisionAdvice;

// ── events
export type SupervisionAdviceIssued = {
  type: 'SupervisionAdviceIssued';
  data: AdviceFacts & { issuedOn: string; responseDueOn: string };
};
export type SupervisionAdviceResponded = {
  type: 'SupervisionAdviceResponded';
  data: { adviceId: string; response: string; respondedOn: string; late: boolean };
};
export type SupervisionAdviceEvent = SupervisionAdviceIssued | SupervisionAdviceResponded;

// ── state
type Facts = SupervisionAdviceIssued['data'];
export type SupervisionAdvice =
  { status: 'Initial' } | ({ status: 'Issued' } & Facts) | ({ status: 'Responded'; respondedOn: string; late: boolean } & Facts);
export type SupervisionAdviceStatus = SupervisionAdvice['status'];

export const initialState = (): SupervisionAdvice => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('ADVICE_NOT_FOUND', 404, '未找到加强监督建议书', 'supervision advice not found');
const wrongState = wrongStateRefusal('ADVICE_WRONG_STATE', { zh: '加强监督建议书', en: 'a supervision advice' });

// ── decide
export function decide(
  command: SupervisionAdviceCommand,
  state: SupervisionAdvice,
  { actor, now, config }: DecisionContext<SupervisionAdviceConfig>,
): SupervisionAdviceEvent[] | DomainError {
  const today = localDate(now);
  switch (command.type) {
    case 'IssueSupervisionAdvice': {
      if (!isSystem(actor))
        return systemOnly(
          '加强监督建议书只能由系统根据审理室提出的普遍性问题发出',
          'a supervision advice is issued only by the system, on a common issue the review office identified',
        );
      if (state.status !== 'Initial')
        return refusal('ADVICE_ALREADY_ISSUED', 409, '该加强监督建议书已发出', 'this supervision advice is already issued');
      const { adviceId, issueId, caseId, clueId, clueNumber, unitId, office, content } = command.data;
      const days = config?.responseDays ?? DEFAULT_ADVICE_RESPONSE_DAYS;
      const responseDueOn = calendarOf(config).addCalendarDays(today, days).date;
      return [
        {
          type: 'SupervisionAdviceIssued',
          data: { adviceId, issueId, caseId, clueId, clueNumber, unitId, office, content, issuedOn: today, responseDueOn },
        },
      ];
    }
    case 'RespondToSupervisionAdvice': {
      if (state.status === 'Initial') return notFound();
      if (actor.office !== state.office)
        return forbiddenOffice(
          '只有收到建议书的部门可以回复加强监督建议书',
          'only the office the advice is addressed to responds to it',
        );
      if (state.status !== 'Issued') return wrongState(state, '登记回复', 'take a response');
      const { response } = command.data;
      return [
        {
          type: 'SupervisionAdviceResponded',
          data: { adviceId: state.adviceId, response, respondedOn: today, late: today > state.responseDueOn },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

// ── evolve
export function evolve(state: SupervisionAdvice, event: SupervisionAdviceEvent): SupervisionAdvice {
  switch (event.type) {
    case 'SupervisionAdviceIssued':
      return state.status === 'Initial' ? { status: 'Issued', ...event.data } : state;
    case 'SupervisionAdviceResponded':
      return state.status === 'Issued'
        ? { ...state, status: 'Responded', respondedOn: event.data.respondedOn, late: event.data.late }
        : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The advice's decider, as the command handlers and the specifications run it. */
export const supervisionAdviceDecider = deciderOf({ decide, evolve, initialState });
