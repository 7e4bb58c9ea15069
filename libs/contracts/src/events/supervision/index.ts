import type { EventContract, Upcaster } from '../../registry.js';
import { AgencyQuarterlyReportSubmittedV1 } from './agency-quarterly-report-submitted.v1.js';
import { CaseFiledV1 } from './case-filed.v1.js';
import { CaseFiledV1ToV2, CaseFiledV2 } from './case-filed.v2.js';
import { CaseFilingRejectedV1 } from './case-filing-rejected.v1.js';
import { CaseFilingRejectedV1ToV2, CaseFilingRejectedV2 } from './case-filing-rejected.v2.js';
import { CaseTransferredToReviewV1 } from './case-transferred-to-review.v1.js';
import { CaseTransferredToReviewV1ToV2, CaseTransferredToReviewV2 } from './case-transferred-to-review.v2.js';
import { InquiryConcludedV1 } from './inquiry-concluded.v1.js';
import { InquiryConcludedV1ToV2, InquiryConcludedV2 } from './inquiry-concluded.v2.js';
import { InquiryConductedV1 } from './inquiry-conducted.v1.js';
import { InquiryOpenedV1 } from './inquiry-opened.v1.js';
import { OversightTaskAssignedV1 } from './oversight-task-assigned.v1.js';
import { OversightTaskClosedV1 } from './oversight-task-closed.v1.js';
import { PoliticalEcologyReportSubmittedV2 } from './political-ecology-report-submitted.v2.js';
import { RecommendationIssuedV1 } from './recommendation-issued.v1.js';
import { RecommendationRefusedV1 } from './recommendation-refused.v1.js';
import { RecommendationRespondedV2 } from './recommendation-responded.v2.js';
import { RectificationOpenedV1 } from './rectification-opened.v1.js';
import { RectificationReopenedV2 } from './rectification-reopened.v2.js';
import { RectificationVerifiedV1 } from './rectification-verified.v1.js';
import { SupervisionAdviceIssuedV1 } from './supervision-advice-issued.v1.js';
import { VerificationApprovedV1 } from './verification-approved.v1.js';
import { VerificationDecidedV1 } from './verification-decided.v1.js';
import { VerificationDecidedV1ToV2, VerificationDecidedV2 } from './verification-decided.v2.js';
import { VerificationExtendedV2 } from './verification-extended.v2.js';
import { VerificationOpenedV1 } from './verification-opened.v1.js';

export * from './agency-quarterly-report-submitted.v1.js';
export * from './case-filed.v1.js';
export * from './case-filed.v2.js';
export * from './case-filing-rejected.v1.js';
export * from './case-filing-rejected.v2.js';
export * from './case-transferred-to-review.v1.js';
export * from './case-transferred-to-review.v2.js';
export * from './inquiry-concluded.v1.js';
export * from './inquiry-concluded.v2.js';
export * from './inquiry-conducted.v1.js';
export * from './inquiry-opened.v1.js';
export * from './oversight-task-assigned.v1.js';
export * from './oversight-task-closed.v1.js';
export * from './political-ecology-report-submitted.v2.js';
export * from './recommendation-issued.v1.js';
export * from './recommendation-refused.v1.js';
export * from './recommendation-responded.v2.js';
export * from './rectification-opened.v1.js';
export * from './rectification-reopened.v2.js';
export * from './rectification-verified.v1.js';
export * from './supervision-advice-issued.v1.js';
export * from './verification-approved.v1.js';
export * from './verification-decided.v1.js';
export * from './verification-decided.v2.js';
export * from './verification-extended.v2.js';
export * from './verification-opened.v1.js';

/** Internal event type → its public contract. An event is public iff it is listed here. */
export const supervisionPublicEvents = {
  InquiryOpened: InquiryOpenedV1,
  InquiryConducted: InquiryConductedV1,
  InquiryConcluded: InquiryConcludedV2,
  VerificationOpened: VerificationOpenedV1,
  VerificationApproved: VerificationApprovedV1,
  VerificationExtended: VerificationExtendedV2,
  VerificationDecided: VerificationDecidedV2,
  RecommendationIssued: RecommendationIssuedV1,
  RecommendationResponded: RecommendationRespondedV2,
  RecommendationRefused: RecommendationRefusedV1,
  RectificationOpened: RectificationOpenedV1,
  RectificationVerified: RectificationVerifiedV1,
  RectificationReopened: RectificationReopenedV2,
  AgencyQuarterlyReportSubmitted: AgencyQuarterlyReportSubmittedV1,
  PoliticalEcologyReportSubmitted: PoliticalEcologyReportSubmittedV2,
  OversightTaskAssigned: OversightTaskAssignedV1,
  OversightTaskClosed: OversightTaskClosedV1,
  CaseFiled: CaseFiledV2,
  CaseFilingRejected: CaseFilingRejectedV2,
  CaseTransferredToReview: CaseTransferredToReviewV2,
  SupervisionAdviceIssued: SupervisionAdviceIssuedV1,
} as const satisfies Record<string, EventContract>;

/** Earlier versions, still in the stream and in the store, and their upcasters to the latest. */
export const supervisionEarlierEvents: readonly EventContract[] = [
  InquiryConcludedV1,
  VerificationDecidedV1,
  CaseFiledV1,
  CaseFilingRejectedV1,
  CaseTransferredToReviewV1,
];
export const supervisionUpcasters: readonly Upcaster[] = [
  InquiryConcludedV1ToV2,
  VerificationDecidedV1ToV2,
  CaseFiledV1ToV2,
  CaseFilingRejectedV1ToV2,
  CaseTransferredToReviewV1ToV2,
];
