import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import { decide, evolve, initialState, READ_REFUSALS, type AccessCommand, type AccessEvent } from './integrity-access.js';

const NOW = new Date('2026-09-25T02:00:00.000Z');
const AT = NOW.toISOString();
const by = (office: string, sub: string): DecisionContext => ({
  now: NOW,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const REQUESTER = by('conduct-office', 'u-conduct');
const LEADER = by('leadership', 'u-leader');
const { given } = specification({ decide, evolve, initialState });

const requestId = 'ia-1';
const cadreId = 'cadre-1';
const request: AccessCommand = {
  type: 'RequestAccess',
  data: { requestId, cadreId, reason: '廉政意见回复前核查', cadreExists: true },
};
const requested: AccessEvent = {
  type: 'IntegrityFileAccessRequested',
  data: {
    requestId,
    cadreId,
    reason: '廉政意见回复前核查',
    requestedBy: { sub: 'u-conduct', office: 'conduct-office' },
    requestedAt: AT,
  },
};
const approve = (recused = false): AccessCommand => ({ type: 'ApproveAccess', data: { requestId, note: '同意', recused } });
const approved: AccessEvent = { type: 'IntegrityFileAccessApproved', data: { requestId, cadreId, note: '同意', approvedAt: AT } };
const reject: AccessCommand = { type: 'RejectAccess', data: { requestId, note: '理由不充分' } };
const rejected: AccessEvent = {
  type: 'IntegrityFileAccessRejected',
  data: { requestId, cadreId, note: '理由不充分', rejectedAt: AT },
};
const read = (recused = false, file = cadreId): AccessCommand => ({
  type: 'ReadFile',
  data: { requestId, cadreId: file, recused },
});
const refused = (code: keyof typeof READ_REFUSALS, ctx = REQUESTER, file = cadreId): AccessEvent => ({
  type: 'IntegrityFileAccessRefused',
  data: { requestId, cadreId: file, by: { sub: ctx.actor.sub, office: ctx.actor.office }, code, refusedAt: AT },
});

describe('IntegrityFileAccess', () => {
  it('is requested with a reason, for a registered cadre, once', () => {
    given().when(request, REQUESTER).then([requested]);
    given()
      .when({ type: 'RequestAccess', data: { ...request.data, cadreExists: false } } as AccessCommand, REQUESTER)
      .thenError('CADRE_NOT_FOUND', 404);
    given([requested]).when(request, REQUESTER).thenError('ACCESS_REQUEST_EXISTS', 409);
  });

  it('is approved or rejected once, never by the requester', () => {
    given([requested]).when(approve(), LEADER).then([approved]);
    given([requested]).when(reject, LEADER).then([rejected]);
    given([requested, approved]).when(approve(), LEADER).thenError('ACCESS_REQUEST_DECIDED', 409);
    given([requested, rejected]).when(approve(), LEADER).thenError('ACCESS_REQUEST_DECIDED', 409);
    given([requested, approved]).when(reject, LEADER).thenError('ACCESS_REQUEST_DECIDED', 409);
    given().when(approve(), LEADER).thenError('ACCESS_REQUEST_NOT_FOUND', 404);
    const self = by('leadership', 'u-conduct');
    given([requested]).when(approve(), self).thenError('SELF_APPROVAL', 403);
    given([requested]).when(reject, self).thenError('SELF_APPROVAL', 403);
  });

  it('is not approved by the cadre or a declared relative (回避), the rule in the message', () => {
    const outcome = given([requested]).when(approve(true), LEADER);
    outcome.thenError('INTEGRITY_FILE_RECUSAL', 403);
    expect(READ_REFUSALS.INTEGRITY_FILE_RECUSAL.message.zh).toContain('回避');
    expect(READ_REFUSALS.INTEGRITY_FILE_RECUSAL.message.en).toContain('recusal');
  });

  it('records a read by the requester with the approval, each time', () => {
    const accessed: AccessEvent = {
      type: 'IntegrityFileAccessed',
      data: { requestId, cadreId, by: { sub: 'u-conduct', office: 'conduct-office' }, accessedAt: AT },
    };
    given([requested, approved]).when(read(), REQUESTER).then([accessed]);
    given([requested, approved, accessed]).when(read(), REQUESTER).then([accessed]);
  });

  it('records every refused read with the rule that refused it', () => {
    given([requested])
      .when(read(), REQUESTER)
      .then([refused('ACCESS_NOT_APPROVED')]);
    given([requested, rejected])
      .when(read(), REQUESTER)
      .then([refused('ACCESS_REJECTED')]);
    const other = by('case-management', 'u-cm');
    given([requested, approved])
      .when(read(), other)
      .then([refused('ACCESS_NOT_YOURS', other)]);
    given([requested, approved])
      .when(read(false, 'cadre-2'), REQUESTER)
      .then([refused('ACCESS_OTHER_FILE', REQUESTER, 'cadre-2')]);
    given().when(read(), REQUESTER).thenError('ACCESS_REQUEST_NOT_FOUND', 404);
  });

  it('refuses the cadre and a declared relative even with an approval (回避 first)', () => {
    given([requested, approved])
      .when(read(true), REQUESTER)
      .then([refused('INTEGRITY_FILE_RECUSAL')]);
    given([requested])
      .when(read(true), REQUESTER)
      .then([refused('INTEGRITY_FILE_RECUSAL')]);
  });
});
