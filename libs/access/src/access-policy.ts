// Who may call each API operation, written once: the gateway checks it before forwarding (and
// publishes it in the OpenAPI document), a service may check it again with `authorize`.
// Offices and roles come from DOMAIN.md ("Who works in the system"): leadership (委领导) approves
// dispositions and verification plans (实施办法 四(四): 报委领导审批), so an approval needs the
// `leader` or the `secretary` (书记) role as well as the office; a plan whose subject heads a
// lower-level party committee needs the secretary, which only the verification's state can tell
// (the service checks that one).
import type { Text } from '@jiandu/contracts';
import type { Actor } from './actor.js';
import { DISPATCHED_AGENCY, SUPERVISION_OFFICE, type OfficeCode } from './offices.js';
import { canSeeZone } from './policy.js';

/** An office, or a family of them: every numbered 纪检监察室, every 派驻机构, or any office. */
export type OfficeGroup =
  | Exclude<OfficeCode, `supervision-office-${number}` | `dispatched-agency-${string}`>
  | 'supervision-office-N'
  | 'dispatched-agency-X'
  | 'any-office';

export const OFFICE_GROUPS: readonly Exclude<OfficeGroup, 'any-office'>[] = [
  'petition-office',
  'case-management',
  'supervision-office-N',
  'conduct-office',
  'review-office',
  'general-office',
  'publicity-dept',
  'dispatched-agency-X',
  'leadership',
];

/** The roles the commission's tokens carry. */
export const ROLES = ['staff', 'leader', 'secretary'] as const;
export type Role = (typeof ROLES)[number];

export interface AccessRule {
  /** No token needed (the anonymous lookup). */
  public?: true;
  /** Offices that may call the operation. */
  offices: readonly OfficeGroup[];
  /** When present, the caller also holds one of these roles. */
  roles?: readonly Role[];
  /**
   * Need to know by the token's `zones` claim: a 纪检监察室 or 派驻机构 reaches only what lies in its
   * zones (lists are narrowed, another zone's item answers 404); 案管, 党风政风监督室 and leadership see all.
   */
  zones?: true;
  /** A further rule the service checks on the aggregate's state (English, for the document). */
  note?: string;
}

const REGISTRY: AccessRule = { offices: ['case-management', 'leadership'] };
const PETITION_OFFICE: AccessRule = { offices: ['petition-office'] };
/** The clue register: the handlers their own clues; 案管, 党风政风监督室 and leadership every clue (DOMAIN.md, "Need to know"). */
const CLUE_READERS: AccessRule = {
  offices: ['case-management', 'leadership', 'conduct-office', 'supervision-office-N', 'dispatched-agency-X'],
  zones: true,
};
/** The offices that handle a clue and what follows from it: 纪检监察室 and 派驻机构 (DOMAIN.md, flow 1). */
const HANDLERS: AccessRule = {
  offices: ['supervision-office-N', 'dispatched-agency-X'],
  zones: true,
  note: 'only the handling office acts on an item',
};
const APPROVERS: AccessRule = { offices: ['leadership'], roles: ['leader', 'secretary'] };
/** Inquiries, verifications, recommendations, rectifications, agency reports, clocks: the handlers, 党风政风监督室, 案管 and leadership. */
const SUPERVISION_READERS: AccessRule = {
  offices: ['case-management', 'leadership', 'supervision-office-N', 'dispatched-agency-X', 'conduct-office'],
  zones: true,
};
const GENERAL_OFFICE: AccessRule = { offices: ['general-office'] };
/** Analysts (issue 11): the coordinating offices see all; a 纪检监察室 its zones; 信访室 the petition figures only. */
const ANALYSTS: AccessRule = {
  offices: ['case-management', 'general-office', 'leadership', 'conduct-office', 'supervision-office-N', 'petition-office'],
  zones: true,
  note: 'a supervision office reads the rows of its zones and its own; the petition office reads the petitions ledger and the petition statistics only (403 FORBIDDEN_LEDGER otherwise)',
};
/** Reviews (审理): 审理室, and the offices that see every case (DOMAIN.md, "Need to know"). */
const REVIEW_READERS: AccessRule = { offices: ['review-office', 'leadership', 'case-management', 'conduct-office'] };
/** Integrity files (廉政档案): 案管, 党风政风监督室 and leadership, with an approved request (DOMAIN.md, "Need to know"). */
const INTEGRITY_READERS: AccessRule = { offices: ['case-management', 'conduct-office', 'leadership'] };
const REVIEW_OFFICE: AccessRule = { offices: ['review-office'], note: 'only a case transferred to review' };
/** 组宣部 (publicity-dept): integrity opinion replies and 舆情. */
const PUBLICITY: AccessRule = { offices: ['publicity-dept'] };
/** An opinion request and a 舆情 item: 组宣部 and leadership (a screening's findings as kinds and numbers only). */
const PUBLICITY_READERS: AccessRule = { offices: ['publicity-dept', 'leadership'] };
/** The three offices that screen a candidate (信访室, 案管室, 审理室), each its own screening only. */
const SCREENERS: AccessRule = {
  offices: ['petition-office', 'case-management', 'review-office'],
  note: 'each office reads and signs only its own screening of the request',
};
/** 加强监督建议书: the supervision readers, and 审理室, which issued them (实施办法 第三条(五)). */
const ADVICE_READERS: AccessRule = { ...SUPERVISION_READERS, offices: [...SUPERVISION_READERS.offices, 'review-office'] };
const OVERSIGHT: AccessRule = {
  offices: ['any-office'],
  note: 'an assignee office reaches only the tasks assigned to it; 办公室 (general-office) all',
};

const POLICY = {
  // registry (案管室)
  'register-zone': REGISTRY,
  'list-zones': REGISTRY,
  'register-unit': REGISTRY,
  'list-units': REGISTRY,
  'move-unit': REGISTRY,
  // petitions (信访室); the reporter identity is readable by 信访室 alone, each read recorded
  'register-petition': PETITION_OFFICE,
  'accept-petition': PETITION_OFFICE,
  'reject-petition': PETITION_OFFICE,
  'transfer-petition': PETITION_OFFICE,
  'screen-petition': PETITION_OFFICE,
  'forward-petition-to-superior': PETITION_OFFICE,
  'forward-petition-to-subordinate': PETITION_OFFICE,
  'mark-petition-duplicate': PETITION_OFFICE,
  'raise-petition-objection': PETITION_OFFICE,
  'notify-petition-acceptance': PETITION_OFFICE,
  'confirm-petition-repeat': PETITION_OFFICE,
  'reject-petition-repeat': PETITION_OFFICE,
  'list-petitions': { ...PETITION_OFFICE, note: 'the petition office only: its full-text search reads the content' },
  'deliver-feedback': PETITION_OFFICE,
  'get-petition': PETITION_OFFICE,
  'read-reporter': PETITION_OFFICE,
  lookup: { public: true, offices: [] },
  // clues
  'list-clues': CLUE_READERS,
  'get-clue': CLUE_READERS,
  'propose-disposition': { ...HANDLERS, note: 'only the office the clue is assigned to' },
  'register-clue': { offices: ['case-management'] },
  // clues a 派驻机构 or a 纪检监察室 found: submitted, then registered (one signed step) or declined by 案管
  'submit-clue': { offices: ['supervision-office-N', 'dispatched-agency-X'], zones: true },
  'list-clue-submissions': {
    offices: ['case-management', 'leadership', 'conduct-office', 'supervision-office-N', 'dispatched-agency-X'],
    zones: true,
    note: 'a submitting office sees only its own submissions',
  },
  'register-clue-submission': { offices: ['case-management'], note: 'a submission is registered or declined once' },
  'decline-clue-submission': { offices: ['case-management'], note: 'a submission is registered or declined once' },
  // integrity files 廉政档案 (issue 12): 案管 registers cadres and keeps their files; a read needs a
  // request with a reason approved by leadership; 回避: the cadre and the declared relatives never read
  'register-cadre': { offices: ['case-management'] },
  'complete-integrity-file': { offices: ['case-management'] },
  'link-clue-to-cadre': { offices: ['case-management'], note: 'a clue is linked to a cadre once' },
  'request-integrity-file-access': INTEGRITY_READERS,
  'list-integrity-file-access-requests': {
    ...INTEGRITY_READERS,
    note: 'leadership sees every request (to decide the pending ones); 案管 and 党风政风监督室 their own',
  },
  'approve-integrity-file-access': {
    ...APPROVERS,
    note: 'not by the requester (403 SELF_APPROVAL), the cadre or a declared relative (403 INTEGRITY_FILE_RECUSAL)',
  },
  'reject-integrity-file-access': { ...APPROVERS, note: 'not by the requester (403 SELF_APPROVAL)' },
  'read-integrity-file': {
    ...INTEGRITY_READERS,
    note: 'only with the caller’s own approved request; the cadre and the declared relatives are refused even so (403 INTEGRITY_FILE_RECUSAL); every read, granted or refused, is recorded',
  },
  'approve-disposition': APPROVERS,
  'reject-disposition': APPROVERS,
  // inquiries
  'list-inquiries': SUPERVISION_READERS,
  'get-inquiry': SUPERVISION_READERS,
  'conduct-talk': HANDLERS,
  'send-inquiry-letter': HANDLERS,
  'receive-inquiry-reply': HANDLERS,
  'assess-inquiry': HANDLERS,
  'conclude-inquiry': HANDLERS,
  // verifications
  'list-verifications': SUPERVISION_READERS,
  'get-verification': SUPERVISION_READERS,
  'submit-verification-plan': HANDLERS,
  'approve-verification': {
    ...APPROVERS,
    note: 'a plan whose subject heads a lower-level party committee needs the secretary role (403 ESCALATED_APPROVAL_REQUIRED)',
  },
  'reject-verification-plan': APPROVERS,
  'extend-verification': HANDLERS,
  'submit-verification-report': HANDLERS,
  'decide-verification': HANDLERS,
  // cases 审查调查: the handling office its own; 案管, 党风政风监督室 and leadership all
  'list-cases': SUPERVISION_READERS,
  'get-case': SUPERVISION_READERS,
  'approve-case-filing': {
    ...APPROVERS,
    note: 'a case whose subject heads a lower-level party committee needs the secretary role (403 ESCALATED_APPROVAL_REQUIRED)',
  },
  'reject-case-filing': {
    ...APPROVERS,
    note: '不予立案; a case whose subject heads a lower-level party committee needs the secretary role (403 ESCALATED_APPROVAL_REQUIRED)',
  },
  'extend-case': HANDLERS,
  'submit-case-report': HANDLERS,
  'transfer-case-to-review': { ...HANDLERS, note: 'only the handling office, once the case is reported' },
  // review 审理 (审理室); leadership decides the sanction
  'list-reviews': REVIEW_READERS,
  'get-review': REVIEW_READERS,
  'extend-review': REVIEW_OFFICE,
  'send-case-back': REVIEW_OFFICE,
  'propose-sanction': REVIEW_OFFICE,
  'approve-sanction': {
    ...APPROVERS,
    note: 'a sanction on a subject heading a lower-level party committee needs the secretary role (403 ESCALATED_APPROVAL_REQUIRED)',
  },
  'reject-sanction': APPROVERS,
  'conclude-without-sanction': {
    ...APPROVERS,
    note: '免予处分 / 不予处分; a subject heading a lower-level party committee needs the secretary role (403 ESCALATED_APPROVAL_REQUIRED)',
  },
  'identify-common-issue': { ...REVIEW_OFFICE, note: 'only on a case whose sanction is decided; the same issue once' },
  'list-sanctions': {
    offices: [...REVIEW_READERS.offices, 'publicity-dept'],
    note: 'whether a sanction is in effect on a date: for the integrity-opinion screening (组宣部) too',
  },
  // recommendations
  'issue-recommendation': { ...HANDLERS, note: 'the unit must lie in one of the caller’s zones' },
  'list-recommendations': SUPERVISION_READERS,
  'get-recommendation': SUPERVISION_READERS,
  'record-recommendation-response': HANDLERS,
  'verify-recommendation': HANDLERS,
  'close-recommendation': HANDLERS,
  'record-recommendation-refusal': HANDLERS,
  // 加强监督建议书: issued by the service on 审理室's common issue; 审理室 follows the advice it gave
  'list-supervision-advice': ADVICE_READERS,
  'get-supervision-advice': ADVICE_READERS,
  'respond-to-supervision-advice': { ...HANDLERS, note: 'only the office the advice is addressed to' },
  // rectifications
  'open-rectification': { ...HANDLERS, note: 'the unit must lie in one of the caller’s zones' },
  'list-rectifications': SUPERVISION_READERS,
  'get-rectification': SUPERVISION_READERS,
  'report-rectification-progress': HANDLERS,
  'complete-rectification': HANDLERS,
  'verify-rectification': HANDLERS,
  'reopen-rectification': HANDLERS,
  // oversight tasks (督查督办)
  'assign-oversight-task': GENERAL_OFFICE,
  'list-oversight-tasks': OVERSIGHT,
  'get-oversight-task': OVERSIGHT,
  'record-oversight-progress': OVERSIGHT,
  'close-oversight-task': GENERAL_OFFICE,
  // dispatched agency reports (派驻机构)
  'submit-agency-report': {
    offices: ['dispatched-agency-X'],
    zones: true,
    note: 'a political-ecology analysis only for a unit in the agency’s zones',
  },
  'list-agency-reports': {
    ...SUPERVISION_READERS,
    note: 'an agency reads its own reports; a supervision office those of the agencies whose zone is in its `zones` claim',
  },
  // clocks: every service's, merged by the gateway; each service narrows to what the caller needs to know
  'list-clocks': {
    offices: [...SUPERVISION_READERS.offices, 'petition-office', 'review-office', 'publicity-dept'],
    zones: true,
    note: 'each service shows its own clocks: an office sees those it must act on; 案管, 党风政风监督室 and leadership see all',
  },
  // 定期清理: 案管 opens and closes a round; each office reviews its own clues in it
  'open-clearance-round': { offices: ['case-management'] },
  'close-clearance-round': { offices: ['case-management'], note: 'refused while any clue of the round is unreviewed' },
  'review-clearance-item': { ...HANDLERS, note: 'only the office the clue is listed for' },
  'get-clearance-round': { ...CLUE_READERS, note: 'a handling office sees only its own clues of the round' },
  // reference lists
  'list-categories': { offices: ['any-office'] },
  // analytics (分析): 案管, 办公室, 委领导 and 党风政风监督室 read everything; a 纪检监察室 its own zones;
  // 信访室 the petitions ledger and statistics only (issue 11)
  'read-ledger': ANALYSTS,
  'read-clock-board': { ...ANALYSTS, offices: ANALYSTS.offices.filter((o) => o !== 'petition-office') },
  'read-statistics': ANALYSTS,
  'read-unit-ecology': {
    ...ANALYSTS,
    offices: ANALYSTS.offices.filter((o) => o !== 'petition-office'),
    note: 'a supervision office reads the units of its zones (another unit answers 404)',
  },
  'export-ledger': { ...ANALYSTS, note: `${ANALYSTS.note}; the rows of the ledger page as an Excel workbook` },
  'export-clock-board': {
    ...ANALYSTS,
    offices: ANALYSTS.offices.filter((o) => o !== 'petition-office'),
    note: `${ANALYSTS.note}; the rows of the clock board as an Excel workbook`,
  },
  'read-bulletin': {
    offices: ['case-management', 'general-office', 'leadership', 'conduct-office'],
    note: 'the 通报 holds the whole commission’s figures: the offices that read every row',
  },
  // 廉政意见回复 (组宣部): screened by 信访室, 案管室 and 审理室; leadership approves the reply
  'request-opinion': PUBLICITY,
  'list-opinion-requests': PUBLICITY_READERS,
  'get-opinion-request': { ...PUBLICITY_READERS, note: 'each screening’s findings as kinds and numbers, never their contents' },
  'get-screening': SCREENERS,
  'submit-screening': { ...SCREENERS, note: 'only matches the system proposed to the caller’s office' },
  'propose-opinion-reply': {
    ...PUBLICITY,
    note: 'only once every screening is in; a postponement cites an open matter, a veto a sanction in effect',
  },
  'approve-opinion-reply': APPROVERS,
  'reject-opinion-reply': APPROVERS,
  'send-opinion-reply': { ...PUBLICITY, note: 'only after leadership’s approval' },
  'get-opinion-reply-letter': PUBLICITY_READERS,
  // 舆情 (组宣部): collected, assessed, forwarded to 案管 as a clue or closed
  'collect-public-opinion': PUBLICITY,
  'list-public-opinion': PUBLICITY_READERS,
  'get-public-opinion': PUBLICITY_READERS,
  'assess-public-opinion': PUBLICITY,
  'forward-public-opinion': PUBLICITY,
  'close-public-opinion': PUBLICITY,
} as const satisfies Record<string, AccessRule>;

export type OperationName = keyof typeof POLICY;

/** Every operation the API serves, by its name (`ApiOperation.name`): who may call it. */
export const ACCESS_POLICY: Readonly<Record<OperationName, AccessRule>> = POLICY;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(ACCESS_POLICY, name);
}

/** The office family an office code belongs to. */
export function officeGroupOf(office: string): Exclude<OfficeGroup, 'any-office'> | undefined {
  if (SUPERVISION_OFFICE.test(office)) return 'supervision-office-N';
  if (DISPATCHED_AGENCY.test(office)) return 'dispatched-agency-X';
  return (OFFICE_GROUPS as readonly string[]).includes(office) ? (office as Exclude<OfficeGroup, 'any-office'>) : undefined;
}

export function officeAllowed(rule: AccessRule, office: string): boolean {
  if (rule.public) return true;
  const group = officeGroupOf(office);
  return group !== undefined && (rule.offices.includes('any-office') || rule.offices.includes(group));
}

export type AccessRefusalCode = 'FORBIDDEN' | 'FORBIDDEN_ROLE' | 'FORBIDDEN_ZONE';

export interface AccessRefusal {
  code: AccessRefusalCode;
  status: 403;
  message: Text;
}

export type AccessDecision = { ok: true } | { ok: false; error: AccessRefusal };

const OK: AccessDecision = { ok: true };
const refuse = (code: AccessRefusalCode, zh: string, en: string): AccessDecision => ({
  ok: false,
  error: { code, status: 403, message: { zh, en } },
});

/** What the caller wants to reach, when the service knows it: the zone of the unit or item. */
export interface AccessContext {
  zoneId?: string;
}

/**
 * Whether `actor` may call `operation` (by office, then role, then, when `context.zoneId` is
 * given and the rule is need-to-know, zone). Pure: the gateway and the services get one answer.
 */
export function authorize(
  operation: OperationName,
  actor: Pick<Actor, 'office' | 'roles' | 'zones'> | undefined,
  context: AccessContext = {},
): AccessDecision {
  const rule = ACCESS_POLICY[operation];
  if (rule.public) return OK;
  if (!actor || !officeAllowed(rule, actor.office))
    return refuse('FORBIDDEN', '所在部门无权执行此操作', 'your office may not do this');
  if (rule.roles && !rule.roles.some((role) => actor.roles.includes(role))) {
    return refuse(
      'FORBIDDEN_ROLE',
      `须由具有以下角色之一的人员办理：${rule.roles.join('、')}`,
      `this needs one of the roles ${rule.roles.join(', ')}`,
    );
  }
  if (rule.zones && context.zoneId !== undefined && !canSeeZone(actor, context.zoneId)) {
    return refuse('FORBIDDEN_ZONE', '该单位不在本部门负责的协作区内', 'this lies outside your zones');
  }
  return OK;
}

const OFFICE_NAMES: Record<Exclude<OfficeGroup, 'any-office'>, string> = {
  'petition-office': '信访室',
  'case-management': '案管室',
  'supervision-office-N': '纪检监察室',
  'conduct-office': '党风政风监督室',
  'review-office': '审理室',
  'general-office': '办公室',
  'publicity-dept': '组宣部',
  'dispatched-agency-X': '派驻机构',
  leadership: '委领导',
};

/** What each office does, for the token's `office` claim (README, "Offices, roles and tokens"). */
export const OFFICE_DUTIES: Record<Exclude<OfficeGroup, 'any-office'>, string> = {
  'petition-office':
    'registers, screens, accepts, forwards and transfers petitions; the only office that reads a reporter (each read recorded)',
  'case-management':
    'keeps the one clue register (numbers, routing, clearance rounds) and the unit and zone registry; sees every zone',
  'supervision-office-N':
    'a numbered 纪检监察室 (supervision-office-1, -2, …): proposes dispositions and handles the inquiries, verifications, recommendations and rectifications of the zones in its `zones` claim',
  'conduct-office': 'reads every clue and supervision record for the 作风 series (八项规定); sees every zone',
  'review-office':
    'reviews the cases transferred to it (审理): sends a case back for more investigation, or proposes the sanction leadership decides',
  'general-office': 'assigns and closes 督办 (oversight) tasks',
  'publicity-dept':
    'registers the organisation department’s integrity opinion requests, proposes each candidate’s reply once 信访室, 案管室 and 审理室 have screened (leadership approves) and sends it; collects and assesses public opinion (舆情) and forwards it to 案管 as a clue or closes it',
  'dispatched-agency-X':
    'a 派驻机构 (dispatched-agency-a, -b, …): handles the clues of the units it is stationed at, the units of its zone(s) in its `zones` claim, and submits its quarterly and political-ecology reports',
  leadership:
    'approves dispositions, verification plans, the filing of cases (立案) and sanctions (with the leader or secretary role); sees every zone',
};

/** The roles, for the token's `roles` claim. */
export const ROLE_DUTIES: Record<Role, string> = {
  staff: 'an office’s staff: every action of its office that needs no approval',
  leader: '委领导: approves dispositions, verification plans, the filing of cases and sanctions (with the leadership office)',
  secretary:
    '书记: all a leader may, and the approval of a verification plan, a case’s filing or a sanction about the head of a lower-level party committee (escalated)',
};

/** The offices, roles and claims in one text (Markdown), for the OpenAPI document's security description. */
export function describeOfficesAndRoles(): string {
  const offices = (Object.keys(OFFICE_DUTIES) as Exclude<OfficeGroup, 'any-office'>[])
    .map((o) => `- \`${o}\` (${OFFICE_NAMES[o]}): ${OFFICE_DUTIES[o]}`)
    .join('\n');
  const roles = ROLES.map((r) => `- \`${r}\`: ${ROLE_DUTIES[r]}`).join('\n');
  return [
    'A bearer JWT (HS256) with the claims `sub` (the user), `name` (shown in every history), `office`, `roles` and `zones`.',
    `Offices (\`office\`):\n${offices}`,
    `Roles (\`roles\`):\n${roles}`,
    '`zones`: the ids of the 协作区 (cooperation zones, GET /api/v1/zones) the office covers. A 纪检监察室 or a 派驻机构 reaches only the units, clues and records of those zones (another zone’s item answers 404); a 派驻机构’s zone is the one registered with it as the handling office, whose units are those it is stationed at. 案管, 党风政风监督室 and leadership see every zone, whatever the claim says.',
    'Development tokens: `npm run -s token -- --sub u1 --name 张三 --office petition-office --roles staff [--zones z1]` (README, "Offices, roles and tokens").',
  ].join('\n\n');
}

/** One sentence (English, with the Chinese office names) saying who may call an operation. */
export function describeAccess(operation: OperationName): string {
  const rule = ACCESS_POLICY[operation];
  if (rule.public) return 'Who: anyone, no token.';
  const offices = rule.offices.includes('any-office')
    ? 'any office'
    : rule.offices.map((o) => `${o} (${OFFICE_NAMES[o as Exclude<OfficeGroup, 'any-office'>]})`).join(', ');
  const parts = [`Who: ${offices}`];
  if (rule.roles) parts.push(`with the role ${rule.roles.join(' or ')}`);
  let sentence = `${parts.join(' ')}.`;
  if (rule.zones)
    sentence +=
      ' Need to know: supervision offices and dispatched agencies reach only what lies in their `zones` claim; case-management, conduct-office and leadership see all.';
  if (rule.note) sentence += ` Also: ${rule.note}.`;
  return sentence;
}
