import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from './decision.js';
import { decide, evolve, initialState, type OversightTaskCommand, type OversightTaskEvent } from './oversight-task.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
const as = (office: string, now = NOW): DecisionContext => ({
  now,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const general = as('general-office');
const assignee = as('conduct-office');

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const taskId = 't-1';
const task = {
  taskId,
  title: '半年通报起草',
  description: '常委会交办：起草上半年日常监督情况通报',
  assigneeOffice: 'conduct-office',
  dueOn: '2026-10-30',
};
const assign: OversightTaskCommand = { type: 'AssignOversightTask', data: task };
const assigned: OversightTaskEvent = { type: 'OversightTaskAssigned', data: { ...task, assignedOn: '2026-09-25' } };
const progress: OversightTaskCommand = { type: 'RecordTaskProgress', data: { taskId, note: '初稿已完成' } };
const progressed = (office: string): OversightTaskEvent => ({
  type: 'OversightTaskProgressed',
  data: { taskId, note: '初稿已完成', office, reportedOn: '2026-09-25' },
});
const close: OversightTaskCommand = { type: 'CloseOversightTask', data: { taskId, result: '通报已印发' } };
const closed = (closedOn = '2026-09-25', late = false): OversightTaskEvent => ({
  type: 'OversightTaskClosed',
  data: { taskId, assigneeOffice: 'conduct-office', result: '通报已印发', closedOn, late },
});

describe('OversightTask', () => {
  describe('when not assigned yet', () => {
    it('is assigned by the general office with a deadline', () => {
      given().when(assign, general).then([assigned]);
      expect(given([assigned]).state).toMatchObject({ status: 'Assigned', assigneeOffice: 'conduct-office' });
    });

    it('is assigned by the general office only', () => {
      given().when(assign, assignee).thenError('FORBIDDEN_OFFICE', 403);
      given().when(assign, as('leadership')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('refuses a deadline in the past', () => {
      given()
        .when({ type: 'AssignOversightTask', data: { ...task, dueOn: '2026-09-24' } }, general)
        .thenError('DEADLINE_IN_PAST', 422, 'dueOn');
    });

    it('has no progress and cannot be closed', () => {
      given().when(progress, general).thenError('TASK_NOT_FOUND', 404);
      given().when(close, general).thenError('TASK_NOT_FOUND', 404);
    });
  });

  describe('when assigned', () => {
    it('cannot be assigned twice', () => {
      given([assigned]).when(assign, general).thenError('TASK_ALREADY_ASSIGNED', 409);
    });

    it('takes progress from the assignee or the general office, signed by office', () => {
      given([assigned])
        .when(progress, assignee)
        .then([progressed('conduct-office')]);
      given([assigned])
        .when(progress, general)
        .then([progressed('general-office')]);
      expect(given([assigned, progressed('conduct-office')]).state).toMatchObject({ status: 'InProgress' });
      given([assigned, progressed('conduct-office')])
        .when(progress, assignee)
        .then([progressed('conduct-office')]);
    });

    it('takes no progress from another office, and none empty', () => {
      given([assigned]).when(progress, as('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('is closed by the general office, late after its deadline', () => {
      given([assigned]).when(close, general).then([closed()]);
      given([assigned, progressed('conduct-office')])
        .when(close, as('general-office', on('2026-10-31')))
        .then([closed('2026-10-31', true)]);
      expect(given([assigned, closed()]).state).toMatchObject({ status: 'Closed', late: false });
    });

    it('is closed by the general office only, with a result', () => {
      given([assigned]).when(close, assignee).thenError('FORBIDDEN_OFFICE', 403);
    });
  });

  describe('when closed', () => {
    it('takes no more progress and is not closed twice', () => {
      given([assigned, closed()]).when(progress, assignee).thenError('TASK_WRONG_STATE', 409);
      given([assigned, closed()]).when(close, general).thenError('TASK_WRONG_STATE', 409);
    });
  });
});
