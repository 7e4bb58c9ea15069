import { supervisionPublicEvents } from '@jiandu/contracts';
import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from './decision.js';
import {
  decide,
  evolve,
  initialState,
  type OpenRectification,
  type RectificationCommand,
  type RectificationEvent,
} from './rectification.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
const as = (office: string, now = NOW, sub = `u-${office}`): DecisionContext => ({
  now,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const office = as('conduct-office');

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const rectificationId = 'rx-1';
const item: OpenRectification['data'] = {
  rectificationId,
  source: 'special-inspection',
  sourceRef: 'insp-3',
  unitId: 'unit-7',
  office: 'conduct-office',
  description: '公务用车登记不全',
  dueOn: '2026-11-30',
};
const open: RectificationCommand = { type: 'OpenRectification', data: item };
const opened: RectificationEvent = { type: 'RectificationOpened', data: { ...item, openedOn: '2026-09-25' } };
const progress: RectificationCommand = { type: 'ReportProgress', data: { rectificationId, note: '已补登记八成' } };
const progressed: RectificationEvent = {
  type: 'RectificationProgressReported',
  data: { rectificationId, note: '已补登记八成', reportedOn: '2026-09-25' },
};
const complete: RectificationCommand = { type: 'CompleteRectification', data: { rectificationId, note: '全部补齐' } };
const completed = (completedOn = '2026-09-25', late = false): RectificationEvent => ({
  type: 'RectificationCompleted',
  data: { rectificationId, note: '全部补齐', completedOn, late },
});
const verify: RectificationCommand = { type: 'VerifyRectification', data: { rectificationId, note: '抽查无误' } };
const reopen = (dueOn = '2026-12-31'): RectificationCommand => ({
  type: 'ReopenRectification',
  data: { rectificationId, reason: '抽查发现遗漏', dueOn },
});
const reopened: RectificationEvent = {
  type: 'RectificationReopened',
  data: { rectificationId, unitId: 'unit-7', office: 'conduct-office', dueOn: '2026-12-31', reopenedOn: '2026-09-25' },
};
const reopeningReason: RectificationEvent = {
  type: 'RectificationReopeningReasonRecorded',
  data: { rectificationId, reason: '抽查发现遗漏' },
};
const every = [progress, complete, verify, reopen()];

describe('RectificationItem', () => {
  describe('when not opened yet', () => {
    it('is opened by the office that follows it, with its deadline', () => {
      given().when(open, office).then([opened]);
      expect(given([opened]).state).toMatchObject({ status: 'Opened', dueOn: '2026-11-30' });
    });

    it('is opened by the system for another office (以案促改 after a sanction)', () => {
      const data = { ...item, source: 'case' as const, office: 'supervision-office-1' };
      expect(
        given()
          .when({ type: 'OpenRectification', data }, as('review-office', NOW, 'system:supervision'))
          .events(),
      ).toMatchObject([{ type: 'RectificationOpened' }]);
    });

    it('is not opened by a person for another office', () => {
      given().when(open, as('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('refuses a deadline in the past', () => {
      given()
        .when({ type: 'OpenRectification', data: { ...item, dueOn: '2026-09-24' } }, office)
        .thenError('DEADLINE_IN_PAST', 422, 'dueOn');
    });

    it.each(every.map((c) => [c.type, c]))('cannot be acted on: %s', (_t, command) => {
      given().when(command, office).thenError('RECTIFICATION_NOT_FOUND', 404);
    });
  });

  describe('when opened', () => {
    it('cannot be opened twice', () => {
      given([opened]).when(open, office).thenError('RECTIFICATION_ALREADY_OPENED', 409);
    });

    it.each(every.map((c) => [c.type, c]))('is acted on by its office only: %s', (_t, command) => {
      given([opened]).when(command, as('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('takes progress, and more progress', () => {
      given([opened]).when(progress, office).then([progressed]);
      expect(given([opened, progressed]).state).toMatchObject({ status: 'InProgress' });
      given([opened, progressed]).when(progress, office).then([progressed]);
    });

    it('is completed, late after its deadline', () => {
      given([opened]).when(complete, office).then([completed()]);
      given([opened, progressed])
        .when(complete, as('conduct-office', on('2026-12-01')))
        .then([completed('2026-12-01', true)]);
    });

    it.each([verify, reopen()].map((c) => [c.type, c]))('refuses %s before completion', (_t, command) => {
      given([opened, progressed]).when(command, office).thenError('RECTIFICATION_WRONG_STATE', 409);
    });
  });

  describe('when completed', () => {
    const done = [opened, progressed, completed()];

    it('is verified for good, and says whether it was late', () => {
      given(done)
        .when(verify, office)
        .then([
          {
            type: 'RectificationVerified',
            data: {
              rectificationId,
              source: 'special-inspection',
              sourceRef: 'insp-3',
              unitId: 'unit-7',
              office: 'conduct-office',
              note: '抽查无误',
              verifiedOn: '2026-09-25',
              late: false,
            },
          },
        ]);
    });

    it('is reopened with a new deadline: the facts public, the reason private', () => {
      given(done).when(reopen(), office).then([reopened, reopeningReason]);
      expect(supervisionPublicEvents.RectificationReopened.errors(reopened.data)).toEqual([]);
      expect(reopened.data).not.toHaveProperty('reason');
      // A reopening recorded before v2 (the reason in the event, no unit) reads the same.
      const v1 = {
        type: 'RectificationReopened',
        data: { rectificationId, reason: '抽查发现遗漏', dueOn: '2026-12-31', reopenedOn: '2026-09-25' },
      } as unknown as RectificationEvent;
      expect(given([...done, v1]).state).toMatchObject({ status: 'InProgress', dueOn: '2026-12-31' });
      expect(given([...done, reopened]).state).toMatchObject({ status: 'InProgress', dueOn: '2026-12-31' });
      expect(given([...done, reopened]).state).not.toHaveProperty('completedOn');
    });

    it('is not reopened without a reason or with a past deadline', () => {
      given(done).when(reopen('2026-09-01'), office).thenError('DEADLINE_IN_PAST', 422, 'dueOn');
    });

    it.each([progress, complete].map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given(done).when(command, office).thenError('RECTIFICATION_WRONG_STATE', 409);
    });
  });

  describe('when verified', () => {
    const final = [
      opened,
      completed(),
      {
        type: 'RectificationVerified',
        data: {
          rectificationId,
          source: 'special-inspection',
          unitId: 'unit-7',
          office: 'conduct-office',
          note: '抽查无误',
          verifiedOn: '2026-09-25',
          late: false,
        },
      } as RectificationEvent,
    ];

    it('is final', () => {
      expect(given(final).state).toMatchObject({ status: 'Verified' });
    });

    it.each(every.map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given(final).when(command, office).thenError('RECTIFICATION_WRONG_STATE', 409);
    });
  });
});
