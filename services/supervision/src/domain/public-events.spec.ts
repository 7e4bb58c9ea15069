import { supervisionPublicEvents, type EventContract } from '@jiandu/contracts';
import type { AgencyReportEvent } from './agency-report.js';
import type { CaseEvent } from './case.js';
import type { InquiryEvent } from './inquiry.js';
import type { OversightTaskEvent } from './oversight-task.js';
import type { RecommendationEvent } from './recommendation.js';
import type { RectificationEvent } from './rectification.js';
import type { SupervisionAdviceEvent } from './supervision-advice.js';
import type { VerificationEvent } from './verification.js';

// Compile-time: each public contract names an event of this service, and that event's data is
// what the contract accepts, so the relay can publish the data as it is.
type SupervisionEvent =
  | InquiryEvent
  | VerificationEvent
  | RecommendationEvent
  | RectificationEvent
  | AgencyReportEvent
  | OversightTaskEvent
  | CaseEvent
  | SupervisionAdviceEvent;
type Published = typeof supervisionPublicEvents;
type DataOf<K> = Extract<SupervisionEvent, { type: K }>['data'];
type ContractOf<K extends keyof Published> = Published[K] extends EventContract<infer T> ? T : never;
type Conforms = {
  [K in keyof Published]: K extends SupervisionEvent['type'] ? (DataOf<K> extends ContractOf<K> ? true : false) : false;
};

const conforms: Conforms = {
  InquiryOpened: true,
  InquiryConducted: true,
  InquiryConcluded: true,
  VerificationOpened: true,
  VerificationApproved: true,
  VerificationDecided: true,
  VerificationExtended: true,
  RecommendationIssued: true,
  RecommendationResponded: true,
  RecommendationRefused: true,
  RectificationOpened: true,
  RectificationVerified: true,
  RectificationReopened: true,
  AgencyQuarterlyReportSubmitted: true,
  PoliticalEcologyReportSubmitted: true,
  OversightTaskAssigned: true,
  OversightTaskClosed: true,
  CaseFiled: true,
  CaseFilingRejected: true,
  CaseTransferredToReview: true,
  SupervisionAdviceIssued: true,
};

describe('Public events of supervision', () => {
  it('are events of this service whose data the contract accepts', () => {
    expect(Object.keys(conforms).sort()).toEqual(Object.keys(supervisionPublicEvents).sort());
  });

  it('keep the subject, conclusions, decisions and report summaries private', () => {
    for (const type of [
      'InquirySubjectRecorded',
      'InquiryConclusionRecorded',
      'InquiryLetterSent',
      'TalkConducted',
      'InquiryReplyReceived',
      'VerificationSubjectRecorded',
      'CaseSubjectRecorded',
      'CaseFilingRejectionRecorded',
      'CaseReportSubmitted',
      'VerificationPlanSubmitted',
      'VerificationDecisionRecorded',
      'QuarterlyReportSummaryRecorded',
      'PoliticalEcologyReportSummaryRecorded',
      'RecommendationResponseRecorded',
      'VerificationExtensionReasonRecorded',
      'RectificationReopeningReasonRecorded',
    ]) {
      expect(supervisionPublicEvents).not.toHaveProperty(type);
    }
  });

  it('refuse a subject or a reporter smuggled into them', () => {
    const opened = {
      inquiryId: 'i-1',
      clueId: 'c-1',
      clueNumber: 'XS-2026-000001',
      unitId: 'unit-1',
      office: 'supervision-office-2',
      round: 1,
      openedOn: '2026-09-25',
    };
    expect(supervisionPublicEvents.InquiryOpened.errors(opened)).toEqual([]);
    expect(supervisionPublicEvents.InquiryOpened.check({ ...opened, subject: { name: '张三', position: '主任' } })).toBe(false);
    expect(supervisionPublicEvents.InquiryOpened.check({ ...opened, reporterName: '王五' })).toBe(false);
    expect(supervisionPublicEvents.InquiryOpened.check({ ...opened, round: 3 })).toBe(false);
  });

  it('are published under the supervision service', () => {
    for (const [type, contract] of Object.entries(supervisionPublicEvents)) {
      expect(contract).toMatchObject({ service: 'supervision', type, public: true });
      expect(contract.version).toBeGreaterThanOrEqual(1);
    }
  });
});
