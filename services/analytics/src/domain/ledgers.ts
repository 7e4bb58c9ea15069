// The ledgers (台账) as a pure fold of the public events: which item of which ledger an event
// changes, and how. The projection applies these changes to temporal rows (ADR 0013); a test folds
// the same events up to an instant and compares. Only ids, codes, dates, counts and flags are
// copied: the accused's name (ClueRegistered, PetitionTransferred), free texts (summaries, notes,
// descriptions, titles) and the actors' names never enter a row.
import type { LedgerName, LedgerRow } from '@jiandu/contracts';

/** A ledger or the clock board: the rows of both are kept alike. */
export type BookName = LedgerName | 'clocks';

export interface StoredRow extends LedgerRow {
  ledger: BookName;
}

/** A public event as analytics receives it (validated and upcast to its latest version). */
export interface PublicEvent {
  service: string;
  type: string;
  data: unknown;
  /** The envelope's occurredAt: when the fact happened at its service. */
  occurredAt: string;
}

/** The zone a unit lay in on a Beijing calendar day, as the registry's events said. */
export type ZoneOf = (unitId: string, on: string) => string | undefined;

export interface Change {
  ledger: BookName;
  id: string;
  apply(previous: StoredRow | undefined): StoredRow;
}

type Fact = string | number | boolean;

/**
 * The Beijing calendar day of an instant (a date-time the contracts validated). One in UTC before
 * 16:00 (`…THH:…Z`, as envelopes carry them) falls on its own date, read off the text; any other
 * goes through Date (a rebuild asks this for every date of every version: millions of times, and
 * Date's parse and format are half its time).
 */
export function beijingDay(instant: string): string {
  if (instant.length >= 20 && instant.charCodeAt(10) === 84 /* T */ && instant.charCodeAt(instant.length - 1) === 90 /* Z */) {
    const tens = instant.charCodeAt(11) - 48;
    const ones = instant.charCodeAt(12) - 48;
    if (tens >= 0 && tens <= 1 && ones >= 0 && ones <= 9 && tens * 10 + ones < 16) {
      return instant.slice(0, 10);
    }
  }
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** What a change sets on the row: top-level fields, plus dates and facts merged into theirs. */
interface Patch {
  state?: string;
  number?: string;
  clueId?: string;
  unitId?: string;
  zoneId?: string;
  office?: string;
  category?: string;
  source?: string;
  kind?: string;
  dueOn?: string;
  closedOn?: string;
  dates?: Record<string, string | undefined>;
  facts?: Record<string, Fact | undefined>;
}

/** `into` with the defined values of `record` set on it (a loop: the rebuild folds a million events). */
function assignDefined<V>(into: Record<string, V>, record: Record<string, V | undefined>): Record<string, V> {
  for (const k in record) {
    const v = record[k];
    if (v !== undefined) into[k] = v;
  }
  return into;
}

function change(ledger: BookName, id: string, at: string, patch: Patch | ((previous: StoredRow | undefined) => Patch)): Change {
  return {
    ledger,
    id,
    apply(previous) {
      const p = typeof patch === 'function' ? patch(previous) : patch;
      const { dates, facts, ...fields } = p;
      const base: StoredRow = previous ?? { ledger, id, state: 'open', openedAt: at, updatedAt: at, dates: {}, facts: {} };
      const row = assignDefined({ ...base } as unknown as Record<string, unknown>, fields) as unknown as StoredRow;
      row.ledger = ledger;
      row.id = id;
      row.updatedAt = at > base.updatedAt ? at : base.updatedAt;
      row.dates = dates ? assignDefined({ ...base.dates }, dates) : { ...base.dates };
      row.facts = facts ? assignDefined({ ...base.facts }, facts) : { ...base.facts };
      return row;
    },
  };
}

// ── the facts analytics reads from each event (a subset of its latest contract, names left out)
interface ClueRegistered {
  clueId: string;
  number: string;
  source: string;
  sourceRef: string;
  unitId: string;
  zoneId: string;
  accused: { position: string; unitId: string };
  /** v3: the coded categories; v2 (upcast where v3 is known): the free-text category only. */
  categories?: readonly string[];
  category?: string;
  registeredAt: string;
}
interface ClueAssigned {
  clueId: string;
  number: string;
  unitId: string;
  zoneId: string;
  assignedOffice: string;
  dispositionDeadline: string;
}
interface Disposition {
  clueId: string;
  number: string;
  kind: string;
}
/** What every public petition event but the transfer tells (petitions' announced facts v1). */
interface PetitionFacts {
  petitionId: string;
  channel: string;
  categories: readonly string[];
  unitId: string;
  realName: boolean;
}
interface PetitionStep extends PetitionFacts {
  registeredOn?: string;
  screenedOn?: string;
  acceptedOn?: string;
  decidedOn?: string;
  reason?: string;
  forwardedOn?: string;
  concernsCommissionHead?: boolean;
  filedOn?: string;
  duplicateOf?: string;
  notifiedOn?: string;
}
interface PetitionTransferred {
  petitionId: string;
  accused: { position: string; unitId: string };
  categories?: readonly string[];
  category?: string;
  channel: string;
  realName: boolean;
  transferredAt: string;
}
interface Handled {
  clueId?: string;
  clueNumber?: string;
  unitId: string;
  office: string;
}
interface InquiryOpened extends Handled {
  inquiryId: string;
  round: number;
  previousInquiryId?: string;
  openedOn: string;
}
interface InquiryConcluded extends Handled {
  inquiryId: string;
  round: number;
  outcome: string;
  measure?: string;
  concludedOn: string;
  nextInquiryId?: string;
  verificationId?: string;
}
interface VerificationOpened extends Handled {
  verificationId: string;
  fromInquiryId?: string;
  openedOn: string;
}
interface VerificationApproved extends Handled {
  verificationId: string;
  approvedOn: string;
  dueOn: string;
  provisional: boolean;
  escalated: boolean;
}
interface VerificationDecided extends Handled {
  verificationId: string;
  decision: string;
  decidedOn: string;
}
interface RecommendationIssued extends Handled {
  recommendationId: string;
  kind: string;
  issuedOn: string;
  responseDueOn: string;
}
interface RecommendationRefused {
  recommendationId: string;
  kind: string;
  unitId: string;
  office: string;
  refusedOn: string;
}
/** v2, the first public version: the facts, never the response's text. */
interface RecommendationResponded {
  recommendationId: string;
  kind: string;
  unitId: string;
  office: string;
  responseDueOn: string;
  respondedOn: string;
  late: boolean;
}
/** v2, the first public version: the new due day, never the reason. */
interface VerificationExtended extends Handled {
  verificationId: string;
  extendedOn: string;
  dueOn: string;
  provisional: boolean;
}
/** v2, the first public version: the new due day, never the reason. */
interface RectificationReopened {
  rectificationId: string;
  unitId: string;
  office: string;
  dueOn: string;
  reopenedOn: string;
}
/** Talk or letter and its day, never what was said or asked. */
interface InquiryConducted extends Handled {
  inquiryId: string;
  round: number;
  mode: 'talk' | 'letter';
  conductedOn: string;
  replyDueOn?: string;
}
/** v2, the first public version: the agency, the unit, the year and the day, never the text. */
interface PoliticalEcologyReportSubmitted {
  agency: string;
  unitId: string;
  year: number;
  submittedOn: string;
}
interface RectificationOpened {
  rectificationId: string;
  source: string;
  unitId: string;
  office: string;
  dueOn: string;
  openedOn: string;
}
interface RectificationVerified {
  rectificationId: string;
  source: string;
  unitId: string;
  office: string;
  verifiedOn: string;
  late: boolean;
}
interface OversightTaskAssigned {
  taskId: string;
  assigneeOffice: string;
  dueOn: string;
  assignedOn: string;
}
interface OversightTaskClosed {
  taskId: string;
  assigneeOffice: string;
  closedOn: string;
  late: boolean;
}
interface AgencyReportSubmitted {
  agency: string;
  year: number;
  quarter: number;
  zoneOffice?: string;
  submittedOn: string;
  dueOn: string;
  late: boolean;
}
interface DeadlineSignal {
  clockId: string;
  measures: string;
  rule: string;
  subject: string;
  office?: string;
  unitId?: string;
  dueOn: string;
  provisional: boolean;
}
/** ClockStarted / ClockExtended / ClockStopped (libs/deadlines): the clock as it stands after the change. */
interface ClockChange extends DeadlineSignal {
  startedOn: string;
  previousDueOn?: string;
  stoppedOn?: string;
  met?: boolean;
}
/** 案管 followed how an inquiry, a verification or a case ended (ClueOutcomeRecorded v1). */
interface ClueOutcomeRecorded {
  clueId: string;
  number: string;
  ref: string;
  source: string;
  outcome: string;
  status: string;
}

/** Supervision's cases (审查调查): the subject is a reference and a position, neither copied. */
interface CaseStep {
  caseId: string;
  verificationId: string;
  clueId: string;
  clueNumber: string;
  unitId: string;
  office: string;
  escalated?: boolean;
  filedOn?: string;
  dueOn?: string;
  rejectedOn?: string;
  round?: number;
  proposedSanction?: { party?: { kind: string; probationYears?: number }; governmental?: { kind: string } };
  transferredOn?: string;
}
/** Review's (审理) public events on a case: the subject's reference, position and the reason are not copied. */
interface ReviewStep {
  caseId: string;
  clueId?: string;
  clueNumber?: string;
  unitId?: string;
  office?: string;
}
interface CaseReturnedForInvestigation extends ReviewStep {
  round: number;
  returnedOn: string;
}
interface SanctionEffect {
  kind: string;
  probationYears?: number;
  effectiveFrom: string;
  effectiveUntil?: string;
}
interface SanctionDecided extends ReviewStep {
  party?: SanctionEffect;
  governmental?: SanctionEffect;
  escalated: boolean;
  decidedOn: string;
}
interface SanctionEffectEnded {
  caseId: string;
  side: 'party' | 'governmental';
  effectiveUntil: string;
  endedOn: string;
}
interface ReviewConcludedWithoutSanction extends ReviewStep {
  outcome: string;
  escalated: boolean;
  concludedOn: string;
}
interface CommonIssueIdentified extends ReviewStep {
  issueId: string;
  identifiedOn: string;
}
/** 廉政意见回复, one event per candidate: the cadre's id is not copied (the row is the request's). */
interface OpinionReplied {
  requestId: string;
  purpose: string;
  onDate: string;
  conclusion: string;
  citations: readonly unknown[];
  repliedOn: string;
}
interface PublicOpinionForwarded {
  itemId: string;
  source: string;
  unitId: string;
  categories: readonly string[];
  forwardedOn: string;
}
interface SupervisionAdviceIssued {
  adviceId: string;
  issueId: string;
  caseId: string;
  clueId: string;
  clueNumber: string;
  unitId: string;
  office: string;
  issuedOn: string;
  responseDueOn: string;
}

/** A sanction's sides: party, governmental, or both. */
const sanctionKind = (d: { party?: unknown; governmental?: unknown }): string | undefined =>
  d.party && d.governmental ? 'party-and-governmental' : d.party ? 'party' : d.governmental ? 'governmental' : undefined;

/** The first coded category, else the free text's `other`. */
const categoryOf = (e: { categories?: readonly string[]; category?: string }): string => e.categories?.[0] ?? 'other';
const categoryList = (e: { categories?: readonly string[] }): string | undefined =>
  e.categories && e.categories.length > 0 ? e.categories.join(',') : undefined;

interface PetitionStepRule {
  /** The row's state after the step; none: the state stays (受理告知 changes no state). */
  state?: string;
  date: keyof PetitionStep;
  /** The step ends the petition's handling here (a decision or a hand-over). */
  closes?: true;
  kind?: (d: PetitionStep) => string | undefined;
}
const PETITION_STEPS: Record<string, PetitionStepRule> = {
  PetitionRegistered: { state: 'registered', date: 'registeredOn' },
  PetitionScreened: { state: 'screened', date: 'screenedOn' },
  PetitionAccepted: { state: 'accepted', date: 'acceptedOn' },
  PetitionNotAccepted: { state: 'not-accepted', date: 'decidedOn', closes: true, kind: (d) => d.reason },
  PetitionForwardedToSuperior: { state: 'forwarded-to-superior', date: 'forwardedOn', closes: true },
  PetitionForwardedToSubordinate: { state: 'forwarded-to-subordinate', date: 'forwardedOn', closes: true },
  DuplicatePetitionFiled: { state: 'duplicate', date: 'filedOn', closes: true, kind: () => 'duplicate' },
  AcceptanceNotified: { date: 'notifiedOn' },
};

/** The clue's state after an outcome (the register's handling status), and whether it ends there. */
const OUTCOME_STATE: Record<string, { state: string; closes: boolean }> = {
  InInquiry: { state: 'in-inquiry', closes: false },
  InVerification: { state: 'in-verification', closes: false },
  ToInvestigation: { state: 'to-investigation', closes: false },
  Shelved: { state: 'shelved', closes: true },
  Closed: { state: 'closed', closes: true },
  Sanctioned: { state: 'sanctioned', closes: true },
};

/** The clue's state once a disposition of this kind is approved. */
const APPROVED_STATE: Record<string, string> = {
  inquiry: 'in-inquiry',
  verification: 'in-verification',
  shelve: 'shelved',
  close: 'closed',
};

/** The ledgers an event changes (none for an event no ledger shows). */
export function changesOf(event: PublicEvent, zoneOf: ZoneOf): Change[] {
  const at = event.occurredAt;
  const day = beijingDay(at);
  const zone = (unitId: string | undefined, on: string) => (unitId ? zoneOf(unitId, on) : undefined);
  const key = `${event.service}/${event.type}`;
  switch (key) {
    // ── petitions: every step of 信访 (petitions' public events carry no name, summary or content)
    case 'petitions/PetitionRegistered':
    case 'petitions/PetitionScreened':
    case 'petitions/PetitionAccepted':
    case 'petitions/PetitionNotAccepted':
    case 'petitions/PetitionForwardedToSuperior':
    case 'petitions/PetitionForwardedToSubordinate':
    case 'petitions/DuplicatePetitionFiled':
    case 'petitions/AcceptanceNotified': {
      const d = event.data as PetitionStep;
      const step = PETITION_STEPS[event.type] as PetitionStepRule;
      const on = d[step.date] as string;
      return [
        change('petitions', d.petitionId, at, (p) => ({
          state: step.state ?? p?.state ?? 'registered',
          unitId: d.unitId,
          zoneId: p?.zoneId ?? zone(d.unitId, on),
          category: categoryOf(d),
          source: d.channel,
          ...(step.kind ? { kind: step.kind(d) } : {}),
          ...(step.closes ? { closedOn: on } : {}),
          dates: { [step.date]: on },
          facts: {
            realName: d.realName,
            channel: d.channel,
            categories: categoryList(d),
            notAcceptedReason: d.reason,
            concernsCommissionHead: d.concernsCommissionHead,
            duplicateOf: d.duplicateOf,
          },
        })),
      ];
    }
    case 'petitions/PetitionTransferred': {
      const d = event.data as PetitionTransferred;
      const on = beijingDay(d.transferredAt);
      return [
        change('petitions', d.petitionId, at, (p) => ({
          state: 'transferred',
          unitId: d.accused.unitId,
          zoneId: p?.zoneId ?? zone(d.accused.unitId, on),
          category: categoryOf(d),
          source: d.channel,
          closedOn: on,
          dates: { transferredAt: d.transferredAt },
          facts: { realName: d.realName, channel: d.channel, categories: categoryList(d) },
        })),
      ];
    }
    // ── clues (案管 master list)
    case 'case-management/ClueRegistered': {
      const d = event.data as ClueRegistered;
      return [
        change('clues', d.clueId, at, {
          state: 'registered',
          number: d.number,
          unitId: d.unitId,
          zoneId: d.zoneId,
          category: categoryOf(d),
          source: d.source,
          dates: { registeredAt: d.registeredAt },
          facts: { accusedPosition: d.accused.position, categories: categoryList(d) },
        }),
      ];
    }
    case 'case-management/ClueAssigned': {
      const d = event.data as ClueAssigned;
      return [
        change('clues', d.clueId, at, (p) => ({
          state: p && p.state !== 'registered' ? p.state : 'assigned',
          number: d.number,
          unitId: d.unitId,
          zoneId: d.zoneId,
          office: d.assignedOffice,
          dueOn: d.dispositionDeadline,
          dates: { assignedAt: at },
        })),
      ];
    }
    case 'case-management/DispositionProposed': {
      const d = event.data as Disposition;
      return [
        change('clues', d.clueId, at, (p) => ({
          state: 'disposition-proposed',
          number: d.number,
          dates: { proposedAt: at },
          facts: { proposedKind: d.kind, proposals: Number(p?.facts['proposals'] ?? 0) + 1 },
        })),
      ];
    }
    case 'case-management/DispositionRejected': {
      const d = event.data as Disposition;
      return [
        change('clues', d.clueId, at, (p) => ({
          state: 'disposition-rejected',
          number: d.number,
          dates: { rejectedAt: at },
          facts: { rejections: Number(p?.facts['rejections'] ?? 0) + 1 },
        })),
      ];
    }
    case 'case-management/DispositionApproved': {
      const d = event.data as Disposition & { unitId: string; assignedOffice: string };
      const closes = d.kind === 'shelve' || d.kind === 'close';
      return [
        change('clues', d.clueId, at, {
          state: APPROVED_STATE[d.kind] ?? d.kind,
          number: d.number,
          unitId: d.unitId,
          office: d.assignedOffice,
          kind: d.kind,
          ...(closes ? { closedOn: day } : {}),
          dates: { approvedAt: at },
        }),
      ];
    }
    case 'case-management/ClueOutcomeRecorded': {
      // The register's verdict on how the inquiry, verification or case ended: the clue's final
      // status (closed, shelved, sanctioned) or its next step. The disposition's kind stays as approved.
      const d = event.data as ClueOutcomeRecorded;
      const next = OUTCOME_STATE[d.status] ?? { state: d.status.toLowerCase(), closes: false };
      return [
        change('clues', d.clueId, at, (p) => ({
          state: next.state,
          number: d.number,
          ...(next.closes ? { closedOn: day } : {}),
          dates: { outcomeAt: at },
          facts: {
            outcome: d.outcome,
            outcomeSource: d.source,
            outcomeRef: d.ref,
            outcomes: Number(p?.facts['outcomes'] ?? 0) + 1,
          },
        })),
      ];
    }
    // ── inquiries 谈话函询
    case 'supervision/InquiryOpened': {
      const d = event.data as InquiryOpened;
      return [
        change('inquiries', d.inquiryId, at, {
          state: 'open',
          ...handled(d, zone(d.unitId, d.openedOn)),
          dates: { openedOn: d.openedOn },
          facts: { round: d.round, previousInquiryId: d.previousInquiryId },
        }),
      ];
    }
    case 'supervision/InquiryConducted': {
      const d = event.data as InquiryConducted;
      return [
        change('inquiries', d.inquiryId, at, (p) => ({
          state: d.mode === 'talk' ? 'talk-conducted' : 'letter-sent',
          ...handled(d, p?.zoneId ?? zone(d.unitId, d.conductedOn)),
          dueOn: d.replyDueOn,
          dates: { conductedOn: d.conductedOn },
          facts: { round: d.round, mode: d.mode },
        })),
      ];
    }
    case 'supervision/InquiryConcluded': {
      const d = event.data as InquiryConcluded;
      return [
        change('inquiries', d.inquiryId, at, (p) => ({
          state: 'concluded',
          ...handled(d, p?.zoneId ?? zone(d.unitId, d.concludedOn)),
          kind: d.outcome,
          closedOn: d.concludedOn,
          dates: { concludedOn: d.concludedOn },
          facts: {
            round: d.round,
            outcome: d.outcome,
            measure: d.measure,
            nextInquiryId: d.nextInquiryId,
            verificationId: d.verificationId,
          },
        })),
      ];
    }
    // ── preliminary verifications 初步核实
    case 'supervision/VerificationOpened': {
      const d = event.data as VerificationOpened;
      return [
        change('verifications', d.verificationId, at, {
          state: 'open',
          ...handled(d, zone(d.unitId, d.openedOn)),
          dates: { openedOn: d.openedOn },
          facts: { fromInquiryId: d.fromInquiryId },
        }),
      ];
    }
    case 'supervision/VerificationApproved': {
      const d = event.data as VerificationApproved;
      return [
        change('verifications', d.verificationId, at, (p) => ({
          state: 'approved',
          ...handled(d, p?.zoneId ?? zone(d.unitId, d.approvedOn)),
          dueOn: d.dueOn,
          dates: { approvedOn: d.approvedOn },
          facts: { provisional: d.provisional, escalated: d.escalated },
        })),
      ];
    }
    case 'supervision/VerificationExtended': {
      const d = event.data as VerificationExtended;
      return [
        change('verifications', d.verificationId, at, (p) => ({
          ...handled(d, p?.zoneId ?? zone(d.unitId, d.extendedOn)),
          dueOn: d.dueOn,
          dates: { extendedOn: d.extendedOn },
          facts: { extended: true, provisional: d.provisional },
        })),
      ];
    }
    case 'supervision/VerificationDecided': {
      const d = event.data as VerificationDecided;
      return [
        change('verifications', d.verificationId, at, (p) => ({
          state: 'decided',
          ...handled(d, p?.zoneId ?? zone(d.unitId, d.decidedOn)),
          kind: d.decision,
          closedOn: d.decidedOn,
          dates: { decidedOn: d.decidedOn },
          facts: { decision: d.decision, onTime: p?.dueOn ? d.decidedOn <= p.dueOn : undefined },
        })),
      ];
    }
    // ── recommendations 纪律检查建议 / 监察建议
    case 'supervision/RecommendationIssued': {
      const d = event.data as RecommendationIssued;
      return [
        change('recommendations', d.recommendationId, at, {
          state: 'issued',
          ...handled(d, zone(d.unitId, d.issuedOn)),
          kind: d.kind,
          dueOn: d.responseDueOn,
          dates: { issuedOn: d.issuedOn },
        }),
      ];
    }
    case 'supervision/RecommendationResponded': {
      const d = event.data as RecommendationResponded;
      return [
        change('recommendations', d.recommendationId, at, (p) => ({
          state: 'responded',
          unitId: d.unitId,
          office: d.office,
          zoneId: p?.zoneId ?? zone(d.unitId, d.respondedOn),
          kind: d.kind,
          dueOn: d.responseDueOn,
          closedOn: d.respondedOn,
          dates: { respondedOn: d.respondedOn },
          facts: { late: d.late },
        })),
      ];
    }
    case 'supervision/RecommendationRefused': {
      const d = event.data as RecommendationRefused;
      return [
        change('recommendations', d.recommendationId, at, (p) => ({
          state: 'refused',
          ...handled(d, p?.zoneId ?? zone(d.unitId, d.refusedOn)),
          kind: d.kind,
          closedOn: d.refusedOn,
          dates: { refusedOn: d.refusedOn },
        })),
      ];
    }
    // ── rectifications 整改
    case 'supervision/RectificationOpened': {
      const d = event.data as RectificationOpened;
      return [
        change('rectifications', d.rectificationId, at, {
          state: 'open',
          unitId: d.unitId,
          zoneId: zone(d.unitId, d.openedOn),
          office: d.office,
          source: d.source,
          dueOn: d.dueOn,
          dates: { openedOn: d.openedOn },
        }),
      ];
    }
    case 'supervision/RectificationReopened': {
      const d = event.data as RectificationReopened;
      return [
        change('rectifications', d.rectificationId, at, (p) => ({
          state: 'reopened',
          unitId: d.unitId,
          zoneId: p?.zoneId ?? zone(d.unitId, d.reopenedOn),
          office: d.office,
          dueOn: d.dueOn,
          dates: { reopenedOn: d.reopenedOn },
          facts: { reopenings: Number(p?.facts['reopenings'] ?? 0) + 1 },
        })),
      ];
    }
    case 'supervision/RectificationVerified': {
      const d = event.data as RectificationVerified;
      return [
        change('rectifications', d.rectificationId, at, (p) => ({
          state: 'verified',
          unitId: d.unitId,
          zoneId: p?.zoneId ?? zone(d.unitId, d.verifiedOn),
          office: d.office,
          source: d.source,
          closedOn: d.verifiedOn,
          dates: { verifiedOn: d.verifiedOn },
          facts: { late: d.late },
        })),
      ];
    }
    // ── 督办 tasks
    case 'supervision/OversightTaskAssigned': {
      const d = event.data as OversightTaskAssigned;
      return [
        change('oversight-tasks', d.taskId, at, {
          state: 'open',
          office: d.assigneeOffice,
          dueOn: d.dueOn,
          dates: { assignedOn: d.assignedOn },
        }),
      ];
    }
    case 'supervision/OversightTaskClosed': {
      const d = event.data as OversightTaskClosed;
      return [
        change('oversight-tasks', d.taskId, at, {
          state: 'closed',
          office: d.assigneeOffice,
          closedOn: d.closedOn,
          dates: { closedOn: d.closedOn },
          facts: { late: d.late },
        }),
      ];
    }
    // ── agency reports 派驻机构季度报告
    case 'supervision/AgencyQuarterlyReportSubmitted': {
      const d = event.data as AgencyReportSubmitted;
      return [
        change('agency-reports', `${d.agency}:${d.year}-Q${d.quarter}`, at, {
          state: d.late ? 'submitted-late' : 'submitted',
          office: d.agency,
          kind: 'quarterly',
          dueOn: d.dueOn,
          closedOn: d.submittedOn,
          dates: { submittedOn: d.submittedOn },
          facts: { year: d.year, quarter: d.quarter, late: d.late, zoneOffice: d.zoneOffice },
        }),
      ];
    }
    // ── 政治生态分析报告 of a unit, yearly, in the same ledger
    case 'supervision/PoliticalEcologyReportSubmitted': {
      const d = event.data as PoliticalEcologyReportSubmitted;
      return [
        change('agency-reports', `${d.agency}:${d.unitId}:${d.year}`, at, {
          state: 'submitted',
          office: d.agency,
          kind: 'political-ecology',
          unitId: d.unitId,
          zoneId: zone(d.unitId, d.submittedOn),
          closedOn: d.submittedOn,
          dates: { submittedOn: d.submittedOn },
          facts: { year: d.year },
        }),
      ];
    }
    // ── cases 审查调查 (supervision): filed, not filed, transferred to review
    case 'supervision/CaseFiled':
    case 'supervision/CaseFilingRejected':
    case 'supervision/CaseTransferredToReview': {
      const d = event.data as CaseStep;
      const on = (d.filedOn ?? d.rejectedOn ?? d.transferredOn) as string;
      const rejected = event.type === 'CaseFilingRejected';
      return [
        change('cases', d.caseId, at, (p) => ({
          state: rejected ? 'filing-rejected' : event.type === 'CaseFiled' ? 'filed' : 'transferred-to-review',
          ...handled(d, p?.zoneId ?? zone(d.unitId, on)),
          ...(d.dueOn ? { dueOn: d.dueOn } : {}),
          ...(rejected ? { closedOn: on } : {}),
          dates: { filedOn: d.filedOn, rejectedOn: d.rejectedOn, transferredOn: d.transferredOn },
          facts: {
            verificationId: d.verificationId,
            escalated: d.escalated,
            round: d.round,
            proposedParty: d.proposedSanction?.party?.kind,
            proposedProbationYears: d.proposedSanction?.party?.probationYears,
            proposedGovernmental: d.proposedSanction?.governmental?.kind,
          },
        })),
      ];
    }
    // ── reviews 审理 (review): sent back, sanctioned (with the effect periods), concluded without a sanction
    case 'review/CaseReturnedForInvestigation': {
      const d = event.data as CaseReturnedForInvestigation;
      return [
        change('reviews', d.caseId, at, (p) => ({
          state: 'returned-for-investigation',
          ...reviewed(d, p?.zoneId ?? zone(d.unitId, d.returnedOn)),
          dates: { returnedOn: d.returnedOn },
          facts: { round: d.round, returns: Number(p?.facts['returns'] ?? 0) + 1 },
        })),
      ];
    }
    case 'review/SanctionDecided': {
      const d = event.data as SanctionDecided;
      return [
        change('reviews', d.caseId, at, (p) => ({
          state: 'sanctioned',
          ...reviewed(d, p?.zoneId ?? zone(d.unitId, d.decidedOn)),
          kind: sanctionKind(d),
          closedOn: d.decidedOn,
          dates: {
            decidedOn: d.decidedOn,
            partyEffectiveFrom: d.party?.effectiveFrom,
            partyEffectiveUntil: d.party?.effectiveUntil,
            governmentalEffectiveFrom: d.governmental?.effectiveFrom,
            governmentalEffectiveUntil: d.governmental?.effectiveUntil,
          },
          facts: {
            partySanction: d.party?.kind,
            probationYears: d.party?.probationYears,
            partyPermanent: d.party ? d.party.effectiveUntil === undefined : undefined,
            partyInEffect: d.party ? true : undefined,
            governmentalSanction: d.governmental?.kind,
            governmentalPermanent: d.governmental ? d.governmental.effectiveUntil === undefined : undefined,
            governmentalInEffect: d.governmental ? true : undefined,
            escalated: d.escalated,
          },
        })),
      ];
    }
    case 'review/SanctionEffectEnded': {
      const d = event.data as SanctionEffectEnded;
      return [
        change('reviews', d.caseId, at, (p) => {
          const other = d.side === 'party' ? 'governmentalInEffect' : 'partyInEffect';
          return {
            // Every side's effect period over: the sanction no longer has effect.
            state: p?.facts[other] === true ? (p?.state ?? 'sanctioned') : 'effect-ended',
            dates: { [`${d.side}EffectEndedOn`]: d.endedOn },
            facts: { [`${d.side}InEffect`]: false },
          };
        }),
      ];
    }
    case 'review/ReviewConcludedWithoutSanction': {
      const d = event.data as ReviewConcludedWithoutSanction;
      return [
        change('reviews', d.caseId, at, (p) => ({
          state: 'concluded-without-sanction',
          ...reviewed(d, p?.zoneId ?? zone(d.unitId, d.concludedOn)),
          kind: d.outcome,
          closedOn: d.concludedOn,
          dates: { concludedOn: d.concludedOn },
          facts: { outcome: d.outcome, escalated: d.escalated },
        })),
      ];
    }
    case 'review/CommonIssueIdentified': {
      const d = event.data as CommonIssueIdentified;
      return [
        change('reviews', d.caseId, at, (p) => ({
          state: p?.state ?? 'sanctioned',
          ...reviewed(d, p?.zoneId ?? zone(d.unitId, d.identifiedOn)),
          dates: { commonIssueIdentifiedOn: d.identifiedOn },
          facts: { commonIssues: Number(p?.facts['commonIssues'] ?? 0) + 1 },
        })),
      ];
    }
    // ── 加强监督建议书 (supervision), on a common issue review identified
    case 'supervision/SupervisionAdviceIssued': {
      const d = event.data as SupervisionAdviceIssued;
      return [
        change('supervision-advice', d.adviceId, at, {
          state: 'issued',
          ...handled(d, zone(d.unitId, d.issuedOn)),
          dueOn: d.responseDueOn,
          dates: { issuedOn: d.issuedOn },
          facts: { issueId: d.issueId, caseId: d.caseId },
        }),
      ];
    }
    // ── 廉政意见回复 (publicity): one row per request, the replies counted by conclusion
    case 'publicity/OpinionReplied': {
      const d = event.data as OpinionReplied;
      const count = (p: StoredRow | undefined, k: string) => Number(p?.facts[k] ?? 0);
      return [
        change('integrity-opinions', d.requestId, at, (p) => ({
          state: 'replied',
          kind: d.purpose,
          closedOn: d.repliedOn,
          dates: { onDate: d.onDate, repliedOn: d.repliedOn },
          facts: {
            purpose: d.purpose,
            candidates: count(p, 'candidates') + 1,
            [`conclusion.${d.conclusion}`]: count(p, `conclusion.${d.conclusion}`) + 1,
            citations: count(p, 'citations') + d.citations.length,
          },
        })),
      ];
    }
    // ── 舆情 (publicity) forwarded to 案管 as a clue; the summary is not copied
    case 'publicity/PublicOpinionForwarded': {
      const d = event.data as PublicOpinionForwarded;
      return [
        change('public-opinion', d.itemId, at, {
          state: 'forwarded',
          unitId: d.unitId,
          zoneId: zone(d.unitId, d.forwardedOn),
          category: categoryOf(d),
          source: d.source,
          closedOn: d.forwardedOn,
          dates: { forwardedOn: d.forwardedOn },
          facts: { categories: categoryList(d) },
        }),
      ];
    }
  }
  // ── the clock board: any service's clock, from its start (ClockStarted) through its signals
  // (DeadlineApproaching / DeadlineBreached) and extensions to its stop (ClockStopped)
  const clockChange = clockChangeOf(event, at, day, zone);
  return clockChange ? [clockChange] : [];
}

/**
 * A clock's state on the board (docs/analytics.md, "The clock board"): running, approaching (running,
 * its DeadlineApproaching raised), breached (past its due day: stays breached, also once stopped
 * late) or met (stopped on or before its due day, as the service's calendar decides: ClockStopped's
 * `met`). A stop decides: a late stop is breached, a stop in time is met (even when the watcher saw
 * the due day pass before the act was recorded; breachedAt keeps that it did).
 */
function clockState(type: string, d: ClockChange, previous: string | undefined): string {
  switch (type) {
    case 'ClockStarted':
      return previous ?? 'running'; // a later step, arrived first, knows better
    case 'ClockExtended':
      // A later due day re-arms the approaching signal: running until it is raised anew.
      return previous === 'met' || previous === 'breached' ? previous : 'running';
    case 'DeadlineApproaching':
      // A breach is final, and a stopped clock stays stopped: a late "approaching" (redelivered, or
      // raised by another replica) keeps them.
      return previous === 'met' || previous === 'breached' ? previous : 'approaching';
    case 'DeadlineBreached':
      return previous === 'met' ? 'met' : 'breached';
    case 'ClockStopped':
      return d.met ? 'met' : 'breached';
    default:
      return previous ?? 'running';
  }
}

const CLOCK_EVENTS = new Set(['ClockStarted', 'ClockExtended', 'ClockStopped', 'DeadlineApproaching', 'DeadlineBreached']);

function clockChangeOf(
  event: PublicEvent,
  at: string,
  day: string,
  zone: (unitId: string | undefined, on: string) => string | undefined,
): Change | undefined {
  if (!CLOCK_EVENTS.has(event.type)) return undefined;
  const d = event.data as ClockChange;
  const type = event.type;
  return change('clocks', `${event.service}:${d.clockId}`, at, (p) => ({
    state: clockState(type, d, p?.state),
    unitId: d.unitId,
    zoneId: p?.zoneId ?? zone(d.unitId, d.startedOn ?? day),
    office: d.office,
    kind: d.measures,
    // Each event carries the due day as it then stood; a start that arrives after a later step keeps the later one.
    dueOn: type === 'ClockStarted' && p?.dueOn ? p.dueOn : d.dueOn,
    ...(type === 'ClockStopped' ? { closedOn: d.stoppedOn } : {}),
    dates: {
      startedOn: d.startedOn,
      approachingAt: type === 'DeadlineApproaching' ? at : undefined,
      breachedAt: type === 'DeadlineBreached' ? at : undefined,
      extendedAt: type === 'ClockExtended' ? at : undefined,
      stoppedOn: d.stoppedOn,
    },
    facts: {
      service: event.service,
      measures: d.measures,
      rule: type === 'ClockStarted' && p?.facts['rule'] !== undefined ? undefined : d.rule,
      subject: d.subject,
      provisional: d.provisional,
      met: d.met,
      previousDueOn: d.previousDueOn,
      extensions: type === 'ClockExtended' ? Number(p?.facts['extensions'] ?? 0) + 1 : undefined,
    },
  }));
}

function handled(d: Handled, zoneId: string | undefined): Patch {
  return { clueId: d.clueId, number: d.clueNumber, unitId: d.unitId, office: d.office, zoneId };
}

function reviewed(d: ReviewStep, zoneId: string | undefined): Patch {
  return { clueId: d.clueId, number: d.clueNumber, unitId: d.unitId, office: d.office, zoneId };
}

/** `ledger/id` → row: the key rows are kept under, in a fold and in the table alike. */
export const rowKey = (ledger: BookName, id: string) => `${ledger}/${id}`;

/**
 * The ledgers as `events` leave them, folded in the order given: the reference the projection's
 * temporal rows are checked against, and what a rebuild computes.
 */
export function foldLedgers(events: readonly PublicEvent[], zoneOf: ZoneOf): Map<string, StoredRow> {
  const rows = new Map<string, StoredRow>();
  for (const event of events) {
    for (const c of changesOf(event, zoneOf)) {
      const k = rowKey(c.ledger, c.id);
      rows.set(k, c.apply(rows.get(k)));
    }
  }
  return rows;
}
