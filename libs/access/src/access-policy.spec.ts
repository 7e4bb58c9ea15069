// The access policy against the rules written out (DOMAIN.md), not derived from the table it checks.
import type { Actor } from './actor.js';
import {
  ACCESS_POLICY,
  authorize,
  describeAccess,
  describeOfficesAndRoles,
  OFFICE_GROUPS,
  officeAllowed,
  ROLES,
  type OperationName,
} from './access-policy.js';

const OFFICES = [
  'petition-office',
  'case-management',
  'supervision-office-1',
  'dispatched-agency-a',
  'conduct-office',
  'review-office',
  'general-office',
  'publicity-dept',
  'leadership',
];
const REGISTRY = ['case-management', 'leadership'];
const PETITIONS = ['petition-office'];
const CLUE_READERS = ['case-management', 'leadership', 'conduct-office', 'supervision-office-1', 'dispatched-agency-a'];
const HANDLERS = ['supervision-office-1', 'dispatched-agency-a'];
const LEADERSHIP = ['leadership'];
const SUPERVISION_READERS = ['case-management', 'leadership', 'supervision-office-1', 'dispatched-agency-a', 'conduct-office'];
const GENERAL_OFFICE = ['general-office'];
const AGENCY = ['dispatched-agency-a'];
const REVIEW_READERS = ['review-office', 'leadership', 'case-management', 'conduct-office'];
const REVIEW_OFFICE = ['review-office'];
const PUBLICITY = ['publicity-dept'];
const PUBLICITY_READERS = ['publicity-dept', 'leadership'];
const SCREENERS = ['petition-office', 'case-management', 'review-office'];
/** Integrity files (廉政档案): 案管, 党风政风监督室 and leadership (DOMAIN.md, "Need to know"). */
const INTEGRITY_READERS = ['case-management', 'conduct-office', 'leadership'];
/** Issue 11: 案管, 办公室, 委领导, 党风政风监督室, a 纪检监察室 (its zones), 信访室 (its figures). */
const ANALYSTS = ['case-management', 'general-office', 'leadership', 'conduct-office', 'supervision-office-1', 'petition-office'];

const OFFICES_OF: Record<OperationName, string[] | 'public'> = {
  'register-zone': REGISTRY,
  'list-zones': REGISTRY,
  'register-unit': REGISTRY,
  'list-units': REGISTRY,
  'move-unit': REGISTRY,
  'register-petition': PETITIONS,
  'accept-petition': PETITIONS,
  'reject-petition': PETITIONS,
  'transfer-petition': PETITIONS,
  'screen-petition': PETITIONS,
  'forward-petition-to-superior': PETITIONS,
  'forward-petition-to-subordinate': PETITIONS,
  'mark-petition-duplicate': PETITIONS,
  'raise-petition-objection': PETITIONS,
  'notify-petition-acceptance': PETITIONS,
  'confirm-petition-repeat': PETITIONS,
  'reject-petition-repeat': PETITIONS,
  'list-petitions': PETITIONS,
  'deliver-feedback': PETITIONS,
  'get-petition': PETITIONS,
  'read-reporter': PETITIONS,
  lookup: 'public',
  'list-clues': CLUE_READERS,
  'get-clue': CLUE_READERS,
  'register-clue': ['case-management'],
  'submit-clue': HANDLERS,
  'list-clue-submissions': CLUE_READERS,
  'register-clue-submission': ['case-management'],
  'decline-clue-submission': ['case-management'],
  'register-cadre': ['case-management'],
  'complete-integrity-file': ['case-management'],
  'link-clue-to-cadre': ['case-management'],
  'request-integrity-file-access': INTEGRITY_READERS,
  'list-integrity-file-access-requests': INTEGRITY_READERS,
  'approve-integrity-file-access': LEADERSHIP,
  'reject-integrity-file-access': LEADERSHIP,
  'read-integrity-file': INTEGRITY_READERS,
  'open-clearance-round': ['case-management'],
  'close-clearance-round': ['case-management'],
  'review-clearance-item': HANDLERS,
  'get-clearance-round': CLUE_READERS,
  'propose-disposition': HANDLERS,
  'approve-disposition': LEADERSHIP,
  'reject-disposition': LEADERSHIP,
  'list-inquiries': SUPERVISION_READERS,
  'get-inquiry': SUPERVISION_READERS,
  'conduct-talk': HANDLERS,
  'send-inquiry-letter': HANDLERS,
  'receive-inquiry-reply': HANDLERS,
  'assess-inquiry': HANDLERS,
  'conclude-inquiry': HANDLERS,
  'list-verifications': SUPERVISION_READERS,
  'get-verification': SUPERVISION_READERS,
  'submit-verification-plan': HANDLERS,
  'approve-verification': LEADERSHIP,
  'reject-verification-plan': LEADERSHIP,
  'extend-verification': HANDLERS,
  'submit-verification-report': HANDLERS,
  'decide-verification': HANDLERS,
  'list-cases': SUPERVISION_READERS,
  'get-case': SUPERVISION_READERS,
  'approve-case-filing': LEADERSHIP,
  'reject-case-filing': LEADERSHIP,
  'extend-case': HANDLERS,
  'submit-case-report': HANDLERS,
  'transfer-case-to-review': HANDLERS,
  'list-reviews': REVIEW_READERS,
  'get-review': REVIEW_READERS,
  'extend-review': REVIEW_OFFICE,
  'send-case-back': REVIEW_OFFICE,
  'propose-sanction': REVIEW_OFFICE,
  'approve-sanction': LEADERSHIP,
  'reject-sanction': LEADERSHIP,
  'conclude-without-sanction': LEADERSHIP,
  'list-sanctions': [...REVIEW_READERS, 'publicity-dept'],
  'identify-common-issue': REVIEW_OFFICE,
  'list-supervision-advice': [...SUPERVISION_READERS, 'review-office'],
  'get-supervision-advice': [...SUPERVISION_READERS, 'review-office'],
  'respond-to-supervision-advice': HANDLERS,
  'issue-recommendation': HANDLERS,
  'list-recommendations': SUPERVISION_READERS,
  'get-recommendation': SUPERVISION_READERS,
  'record-recommendation-response': HANDLERS,
  'verify-recommendation': HANDLERS,
  'close-recommendation': HANDLERS,
  'record-recommendation-refusal': HANDLERS,
  'open-rectification': HANDLERS,
  'list-rectifications': SUPERVISION_READERS,
  'get-rectification': SUPERVISION_READERS,
  'report-rectification-progress': HANDLERS,
  'complete-rectification': HANDLERS,
  'verify-rectification': HANDLERS,
  'reopen-rectification': HANDLERS,
  'assign-oversight-task': GENERAL_OFFICE,
  'list-oversight-tasks': OFFICES,
  'get-oversight-task': OFFICES,
  'record-oversight-progress': OFFICES,
  'close-oversight-task': GENERAL_OFFICE,
  'submit-agency-report': AGENCY,
  'list-agency-reports': SUPERVISION_READERS,
  'list-clocks': [...SUPERVISION_READERS, 'petition-office', 'review-office', 'publicity-dept'],
  'list-categories': OFFICES,
  'read-ledger': ANALYSTS,
  'read-clock-board': ANALYSTS.filter((o) => o !== 'petition-office'),
  'read-statistics': ANALYSTS,
  'read-unit-ecology': ANALYSTS.filter((o) => o !== 'petition-office'),
  'export-ledger': ANALYSTS,
  'export-clock-board': ANALYSTS.filter((o) => o !== 'petition-office'),
  'read-bulletin': ['case-management', 'general-office', 'leadership', 'conduct-office'],
  'request-opinion': PUBLICITY,
  'list-opinion-requests': PUBLICITY_READERS,
  'get-opinion-request': PUBLICITY_READERS,
  'get-screening': SCREENERS,
  'submit-screening': SCREENERS,
  'propose-opinion-reply': PUBLICITY,
  'approve-opinion-reply': LEADERSHIP,
  'reject-opinion-reply': LEADERSHIP,
  'send-opinion-reply': PUBLICITY,
  'get-opinion-reply-letter': PUBLICITY_READERS,
  'collect-public-opinion': PUBLICITY,
  'list-public-opinion': PUBLICITY_READERS,
  'get-public-opinion': PUBLICITY_READERS,
  'assess-public-opinion': PUBLICITY,
  'forward-public-opinion': PUBLICITY,
  'close-public-opinion': PUBLICITY,
};
/** 报委领导审批: the approvals need the leader (or secretary) role, not only the office. */
const APPROVALS: OperationName[] = [
  'approve-disposition',
  'reject-disposition',
  'approve-verification',
  'reject-verification-plan',
  'approve-case-filing',
  'reject-case-filing',
  'approve-sanction',
  'reject-sanction',
  'conclude-without-sanction',
  'approve-opinion-reply',
  'reject-opinion-reply',
  'approve-integrity-file-access',
  'reject-integrity-file-access',
];

const who = (office: string, roles: string[] = ['staff'], zones: string[] = []): Pick<Actor, 'office' | 'roles' | 'zones'> => ({
  office: office as Actor['office'],
  roles,
  zones,
});

describe('ACCESS_POLICY', () => {
  it('has a rule for every operation written out here, and no other', () => {
    expect(Object.keys(ACCESS_POLICY).sort()).toEqual(Object.keys(OFFICES_OF).sort());
  });

  it.each(Object.entries(OFFICES_OF))('%s: the offices of DOMAIN.md', (operation, offices) => {
    const rule = ACCESS_POLICY[operation as OperationName];
    if (offices === 'public') {
      expect(authorize(operation as OperationName, undefined)).toEqual({ ok: true });
      return;
    }
    expect(OFFICES.filter((office) => officeAllowed(rule, office))).toEqual(OFFICES.filter((office) => offices.includes(office)));
    // every numbered office and every agency alike
    if (offices.includes('supervision-office-1')) expect(officeAllowed(rule, 'supervision-office-12')).toBe(true);
    if (offices.includes('dispatched-agency-a')) expect(officeAllowed(rule, 'dispatched-agency-health-2')).toBe(true);
  });

  it('asks for the leader or secretary role on the approvals, and no role elsewhere', () => {
    for (const operation of Object.keys(ACCESS_POLICY) as OperationName[]) {
      const approval = APPROVALS.includes(operation);
      expect({ operation, roles: ACCESS_POLICY[operation].roles ?? null }).toEqual({
        operation,
        roles: approval ? ['leader', 'secretary'] : null,
      });
    }
  });
});

describe('authorize', () => {
  it('refuses leadership with the staff role an approval (the role is checked, not only the office)', () => {
    for (const operation of APPROVALS) {
      expect(authorize(operation, who('leadership', ['staff']))).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN_ROLE', status: 403, message: { zh: expect.any(String), en: expect.any(String) } },
      });
      expect(authorize(operation, who('leadership', []))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
      expect(authorize(operation, who('leadership', ['leader']))).toEqual({ ok: true });
      expect(authorize(operation, who('leadership', ['secretary']))).toEqual({ ok: true });
      expect(authorize(operation, who('supervision-office-1', ['leader', 'secretary']))).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });

  it('refuses the wrong office with a bilingual FORBIDDEN, and nobody without a token but the lookup', () => {
    expect(authorize('read-reporter', who('case-management'))).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', status: 403, message: { zh: '所在部门无权执行此操作', en: 'your office may not do this' } },
    });
    expect(authorize('read-reporter', undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(authorize('lookup', undefined)).toEqual({ ok: true });
  });

  it('checks the zone when the caller names it: a supervision office or agency only in its zones claim', () => {
    expect(authorize('issue-recommendation', who('supervision-office-2', ['staff'], ['z2']), { zoneId: 'z1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_ZONE' },
    });
    expect(authorize('issue-recommendation', who('supervision-office-1', ['staff'], ['z1']), { zoneId: 'z1' })).toEqual({
      ok: true,
    });
    expect(authorize('submit-agency-report', who('dispatched-agency-a', ['staff'], ['u-1']), { zoneId: 'u-2' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_ZONE' },
    });
    // 案管 and leadership see every zone; a rule without need to know ignores the zone
    expect(authorize('get-clue', who('case-management'), { zoneId: 'z9' })).toEqual({ ok: true });
    expect(authorize('register-unit', who('case-management'), { zoneId: 'z9' })).toEqual({ ok: true });
  });

  it('lets 党风政风监督室 read every clue, in any zone, but not dispose of one (DOMAIN.md: it sees all)', () => {
    for (const operation of ['list-clues', 'get-clue'] as const)
      expect(authorize(operation, who('conduct-office'), { zoneId: 'z9' })).toEqual({ ok: true });
    for (const operation of ['propose-disposition', 'approve-disposition', 'reject-disposition'] as const)
      expect(authorize(operation, who('conduct-office', ['staff', 'leader']))).toMatchObject({ ok: false });
  });

  it('lets a supervision office read the agency reports of its zones, and no other', () => {
    expect(authorize('list-agency-reports', who('supervision-office-1', ['staff'], ['z1']), { zoneId: 'z1' })).toEqual({
      ok: true,
    });
    expect(authorize('list-agency-reports', who('supervision-office-2', ['staff'], ['z2']), { zoneId: 'z1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_ZONE' },
    });
    for (const office of ['case-management', 'conduct-office', 'leadership'])
      expect(authorize('list-agency-reports', who(office), { zoneId: 'z1' })).toEqual({ ok: true });
  });

  it('describes each rule in a sentence for the API document', () => {
    expect(describeAccess('approve-disposition')).toBe('Who: leadership (委领导) with the role leader or secretary.');
    expect(describeAccess('lookup')).toBe('Who: anyone, no token.');
    expect(describeAccess('approve-verification')).toContain('secretary role');
    expect(describeAccess('list-clues')).toContain('`zones` claim');
  });
});

describe('describeOfficesAndRoles', () => {
  it('names every office family, every role and the zones claim', () => {
    const text = describeOfficesAndRoles();
    for (const office of OFFICE_GROUPS) expect(text).toContain(`\`${office}\``);
    for (const role of ROLES) expect(text).toContain(`\`${role}\``);
    expect(text).toContain('`zones`');
  });
});
