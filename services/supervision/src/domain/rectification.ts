// RectificationItem 整改: one item a unit has to put right, with its own deadline, from a
// recommendation, a special inspection, an inspection tour, a case (以案促改) or a 民主生活会.
// Any office opens and follows its own items; the system opens those that other events start.
import type { DomainError, RectificationSource } from '@jiandu/contracts';
import { deciderOf, localDate, refusal, wrongStateRefusal } from '@jiandu/decision';
import { deadlineInPast, forbiddenOffice, isSystem, withOptional, type DecisionContext } from './decision.js';

export { RECTIFICATION_SOURCES, type RectificationSource } from '@jiandu/contracts';

/** The stream of one rectification item. */
export const rectificationStream = (rectificationId: string): string => `rectification-${rectificationId}`;

// ── commands
type Item = {
  rectificationId: string;
  source: RectificationSource;
  sourceRef?: string;
  unitId: string;
  office: string;
  description: string;
  dueOn: string;
};
export type OpenRectification = { type: 'OpenRectification'; data: Item };
export type ReportProgress = { type: 'ReportProgress'; data: { rectificationId: string; note: string } };
export type CompleteRectification = { type: 'CompleteRectification'; data: { rectificationId: string; note: string } };
export type VerifyRectification = { type: 'VerifyRectification'; data: { rectificationId: string; note: string } };
export type ReopenRectification = {
  type: 'ReopenRectification';
  data: { rectificationId: string; reason: string; dueOn: string };
};
export type RectificationCommand =
  OpenRectification | ReportProgress | CompleteRectification | VerifyRectification | ReopenRectification;

// ── events
export type RectificationOpened = { type: 'RectificationOpened'; data: Item & { openedOn: string } };
export type RectificationProgressReported = {
  type: 'RectificationProgressReported';
  data: { rectificationId: string; note: string; reportedOn: string };
};
export type RectificationCompleted = {
  type: 'RectificationCompleted';
  data: { rectificationId: string; note: string; completedOn: string; late: boolean };
};
export type RectificationVerified = {
  type: 'RectificationVerified';
  data: Omit<Item, 'description' | 'dueOn'> & { note: string; verifiedOn: string; late: boolean };
};
/**
 * Public (v2): the facts without the reason. A v1 event (stored before v2) carried the reason and no
 * unit or office; it stays private, and evolve reads only dueOn.
 */
export type RectificationReopened = {
  type: 'RectificationReopened';
  data: { rectificationId: string; unitId: string; office: string; dueOn: string; reopenedOn: string };
};
/** Private: why the item was reopened, recorded with RectificationReopened (v2). */
export type RectificationReopeningReasonRecorded = {
  type: 'RectificationReopeningReasonRecorded';
  data: { rectificationId: string; reason: string };
};
export type RectificationEvent =
  | RectificationOpened
  | RectificationProgressReported
  | RectificationCompleted
  | RectificationVerified
  | RectificationReopened
  | RectificationReopeningReasonRecorded;

// ── state. Reopened (DOMAIN.md) is InProgress again, with a new deadline.
type Facts = RectificationOpened['data'];
type Completion = { completedOn: string; late: boolean };
export type Rectification =
  | { status: 'Initial' }
  | ({ status: 'Opened' | 'InProgress' } & Facts)
  | ({ status: 'Completed' } & Completion & Facts)
  | ({ status: 'Verified'; verifiedOn: string } & Completion & Facts);
export type RectificationStatus = Rectification['status'];

export const initialState = (): Rectification => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('RECTIFICATION_NOT_FOUND', 404, '未找到整改事项', 'rectification item not found');
const wrongState = wrongStateRefusal('RECTIFICATION_WRONG_STATE', { zh: '整改事项', en: 'a rectification item' });

// ── decide
export function decide(
  command: RectificationCommand,
  state: Rectification,
  { actor, now }: DecisionContext,
): RectificationEvent[] | DomainError {
  const today = localDate(now);
  if (command.type === 'OpenRectification') {
    const input = command.data;
    if (actor.office !== input.office && !isSystem(actor)) {
      return forbiddenOffice('整改事项只能由负责跟踪的部门开启', 'a rectification item is opened by the office that follows it');
    }
    const past = deadlineInPast('dueOn', input.dueOn, today);
    if (past) return past;
    if (state.status !== 'Initial')
      return refusal('RECTIFICATION_ALREADY_OPENED', 409, '该整改事项已开启', 'this rectification item is already open');
    const { rectificationId, source, sourceRef, unitId, office, description, dueOn } = input;
    return [
      {
        type: 'RectificationOpened',
        data: {
          rectificationId,
          source,
          ...withOptional('sourceRef', sourceRef),
          unitId,
          office,
          description,
          dueOn,
          openedOn: today,
        },
      },
    ];
  }
  if (state.status === 'Initial') return notFound();
  if (actor.office !== state.office)
    return forbiddenOffice('只有负责跟踪的部门可以办理该整改事项', 'only the office that follows this item acts on it');
  const { rectificationId } = state;
  switch (command.type) {
    case 'ReportProgress': {
      const { note } = command.data;
      if (state.status !== 'Opened' && state.status !== 'InProgress') return wrongState(state, '报告进展', 'take progress');
      return [{ type: 'RectificationProgressReported', data: { rectificationId, note, reportedOn: today } }];
    }
    case 'CompleteRectification': {
      const { note } = command.data;
      if (state.status !== 'Opened' && state.status !== 'InProgress') return wrongState(state, '完成', 'be completed');
      return [{ type: 'RectificationCompleted', data: { rectificationId, note, completedOn: today, late: today > state.dueOn } }];
    }
    case 'VerifyRectification': {
      const { note } = command.data;
      if (state.status !== 'Completed') return wrongState(state, '验收', 'be verified');
      const { source, sourceRef, unitId, office, late } = state;
      return [
        {
          type: 'RectificationVerified',
          data: {
            rectificationId,
            source,
            ...withOptional('sourceRef', sourceRef),
            unitId,
            office,
            note,
            verifiedOn: today,
            late,
          },
        },
      ];
    }
    case 'ReopenRectification': {
      const { reason, dueOn } = command.data;
      if (state.status !== 'Completed') return wrongState(state, '重新整改', 'be reopened');
      const past = deadlineInPast('dueOn', dueOn, today);
      if (past) return past;
      const { unitId, office } = state;
      return [
        { type: 'RectificationReopened', data: { rectificationId, unitId, office, dueOn, reopenedOn: today } },
        { type: 'RectificationReopeningReasonRecorded', data: { rectificationId, reason } },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

// ── evolve
export function evolve(state: Rectification, event: RectificationEvent): Rectification {
  switch (event.type) {
    case 'RectificationOpened':
      return state.status === 'Initial' ? { status: 'Opened', ...event.data } : state;
    case 'RectificationProgressReported':
      return state.status === 'Opened' || state.status === 'InProgress' ? { ...state, status: 'InProgress' } : state;
    case 'RectificationCompleted':
      if (state.status !== 'Opened' && state.status !== 'InProgress') return state;
      return { ...state, status: 'Completed', completedOn: event.data.completedOn, late: event.data.late };
    case 'RectificationVerified':
      return state.status === 'Completed' ? { ...state, status: 'Verified', verifiedOn: event.data.verifiedOn } : state;
    case 'RectificationReopened': {
      if (state.status !== 'Completed') return state;
      const { completedOn: _on, late: _late, ...rest } = state;
      return { ...rest, status: 'InProgress', dueOn: event.data.dueOn };
    }
    case 'RectificationReopeningReasonRecorded':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The rectification item's decider, as the command handlers and the specifications run it. */
export const rectificationDecider = deciderOf({ decide, evolve, initialState });
