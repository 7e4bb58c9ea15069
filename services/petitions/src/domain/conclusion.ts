// How a transferred petition ends: the inquiry or verification of its clue reached a result that
// closes the matter for the reporter (a second round or a conversion does not; nor does a
// verification that files a case: the case goes on to review, and the sanction decided on it
// concludes the petition, as does a case ended without one: leadership refused to file it (不予立案),
// or the review concluded it without a sanction (免予处分 / 不予处分)). The outcomes are those of supervision's and review's public events,
// which the consumer has already checked against their contracts.
import type { InquiryConcludedV1, ReviewConcludedWithoutSanctionV1, VerificationDecidedV1 } from '@jiandu/contracts';

/** Inquiry outcomes that carry the matter on: the next result concludes the petition. */
type Continuing = 'second-round' | 'convert-to-verification';
export type ConcludingInquiryOutcome = Exclude<InquiryConcludedV1['outcome'], Continuing>;

export const concludesPetition = (outcome: InquiryConcludedV1['outcome']): outcome is ConcludingInquiryOutcome =>
  outcome !== 'second-round' && outcome !== 'convert-to-verification';

/** A verification that files a case carries the matter on to the case and its review. */
export type ConcludingVerificationDecision = Exclude<VerificationDecidedV1['decision'], 'file-case'>;

export const verificationConcludesPetition = (
  decision: VerificationDecidedV1['decision'],
): decision is ConcludingVerificationDecision => decision !== 'file-case';

interface ResultOf<Source extends string, Outcome extends string> {
  source: Source;
  outcome: Outcome;
  /** The inquiry, verification or case whose result concluded the petition. */
  ref: string;
  concludedOn: string;
}

export type Conclusion =
  | ResultOf<'inquiry', ConcludingInquiryOutcome>
  | ResultOf<'verification', ConcludingVerificationDecision>
  /** 处分决定 on the case filed on the petition's clue (review's SanctionDecided); `ref` is the case. */
  | ResultOf<'sanction', 'sanctioned'>
  /** A case ended without a sanction: 不予立案 (supervision's CaseFilingRejected), 免予处分 or 不予处分 (review's ReviewConcludedWithoutSanction); `ref` is the case. */
  | ResultOf<'case', CaseEndedWithoutSanction>;

/** How a case filed on the petition's clue can end without a sanction. */
export type CaseEndedWithoutSanction = 'filing-rejected' | ReviewConcludedWithoutSanctionV1['outcome'];

/** 实名举报结果反馈: feedback to a real-name reporter within 15 working days of conclusion (configurable). */
export const DEFAULT_FEEDBACK_WORKING_DAYS = 15;
export const feedbackClockId = (petitionId: string) => `petition-feedback-${petitionId}`;
