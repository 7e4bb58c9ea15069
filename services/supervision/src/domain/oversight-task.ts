// OversightTask 督查督办: a task the standing committee assigned, tracked by 办公室 with a deadline.
// 办公室 assigns and closes it; the assignee office and 办公室 record progress.
import type { DomainError } from '@jiandu/contracts';
import { deciderOf, localDate, refusal, wrongStateRefusal } from '@jiandu/decision';
import { GENERAL_OFFICE, deadlineInPast, forbiddenOffice, type DecisionContext } from './decision.js';

/** The stream of one oversight task. */
export const oversightTaskStream = (taskId: string): string => `oversight-task-${taskId}`;

// ── commands
type Task = { taskId: string; title: string; description: string; assigneeOffice: string; dueOn: string };
export type AssignOversightTask = { type: 'AssignOversightTask'; data: Task };
export type RecordTaskProgress = { type: 'RecordTaskProgress'; data: { taskId: string; note: string } };
export type CloseOversightTask = { type: 'CloseOversightTask'; data: { taskId: string; result: string } };
export type OversightTaskCommand = AssignOversightTask | RecordTaskProgress | CloseOversightTask;

// ── events
export type OversightTaskAssigned = { type: 'OversightTaskAssigned'; data: Task & { assignedOn: string } };
export type OversightTaskProgressed = {
  type: 'OversightTaskProgressed';
  data: { taskId: string; note: string; office: string; reportedOn: string };
};
export type OversightTaskClosed = {
  type: 'OversightTaskClosed';
  data: { taskId: string; assigneeOffice: string; result: string; closedOn: string; late: boolean };
};
export type OversightTaskEvent = OversightTaskAssigned | OversightTaskProgressed | OversightTaskClosed;

// ── state
type Facts = OversightTaskAssigned['data'];
export type OversightTask =
  | { status: 'Initial' }
  | ({ status: 'Assigned' | 'InProgress' } & Facts)
  | ({ status: 'Closed'; closedOn: string; late: boolean } & Facts);
export type OversightTaskStatus = OversightTask['status'];

export const initialState = (): OversightTask => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('TASK_NOT_FOUND', 404, '未找到督办事项', 'oversight task not found');
const wrongState = wrongStateRefusal('TASK_WRONG_STATE', { zh: '督办事项', en: 'an oversight task' });
const onlyGeneralOffice = (zh: string, en: string): DomainError =>
  forbiddenOffice(`督办事项只能由办公室${zh}`, `only the general office ${en} oversight tasks`);

// ── decide
export function decide(
  command: OversightTaskCommand,
  state: OversightTask,
  { actor, now }: DecisionContext,
): OversightTaskEvent[] | DomainError {
  const today = localDate(now);
  switch (command.type) {
    case 'AssignOversightTask': {
      if (actor.office !== GENERAL_OFFICE) return onlyGeneralOffice('交办', 'assigns');
      const { taskId, title, description, assigneeOffice, dueOn } = command.data;
      const past = deadlineInPast('dueOn', dueOn, today);
      if (past) return past;
      if (state.status !== 'Initial')
        return refusal('TASK_ALREADY_ASSIGNED', 409, '该督办事项已交办', 'this oversight task is already assigned');
      return [{ type: 'OversightTaskAssigned', data: { taskId, title, description, assigneeOffice, dueOn, assignedOn: today } }];
    }
    case 'RecordTaskProgress': {
      if (state.status === 'Initial') return notFound();
      if (actor.office !== GENERAL_OFFICE && actor.office !== state.assigneeOffice) {
        return forbiddenOffice(
          '只有办公室或承办部门可以报告督办进展',
          'only the general office or the assignee reports progress',
        );
      }
      const { note } = command.data;
      if (state.status === 'Closed') return wrongState(state, '报告进展', 'take progress');
      return [{ type: 'OversightTaskProgressed', data: { taskId: state.taskId, note, office: actor.office, reportedOn: today } }];
    }
    case 'CloseOversightTask': {
      if (actor.office !== GENERAL_OFFICE) return onlyGeneralOffice('办结', 'closes');
      const { result } = command.data;
      if (state.status === 'Initial') return notFound();
      if (state.status === 'Closed') return wrongState(state, '办结', 'be closed');
      const { taskId, assigneeOffice, dueOn } = state;
      return [{ type: 'OversightTaskClosed', data: { taskId, assigneeOffice, result, closedOn: today, late: today > dueOn } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

// ── evolve
export function evolve(state: OversightTask, event: OversightTaskEvent): OversightTask {
  switch (event.type) {
    case 'OversightTaskAssigned':
      return state.status === 'Initial' ? { status: 'Assigned', ...event.data } : state;
    case 'OversightTaskProgressed':
      return state.status === 'Assigned' || state.status === 'InProgress' ? { ...state, status: 'InProgress' } : state;
    case 'OversightTaskClosed':
      if (state.status !== 'Assigned' && state.status !== 'InProgress') return state;
      return { ...state, status: 'Closed', closedOn: event.data.closedOn, late: event.data.late };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The oversight task's decider, as the command handlers and the specifications run it. */
export const oversightTaskDecider = deciderOf({ decide, evolve, initialState });
