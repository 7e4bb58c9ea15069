// How a transferred petition ends: the inquiry or verification of its clue reached a result that
// closes the matter for the reporter (a second round or a conversion does not). The outcomes are
// those of supervision's public events, which the consumer has already checked against their contracts.
import type { InquiryConcludedV1, VerificationDecidedV1 } from '@jiandu/contracts';

/** Inquiry outcomes that carry the matter on: the next result concludes the petition. */
type Continuing = 'second-round' | 'convert-to-verification';
export type ConcludingInquiryOutcome = Exclude<InquiryConcludedV1['outcome'], Continuing>;

export const concludesPetition = (outcome: InquiryConcludedV1['outcome']): outcome is ConcludingInquiryOutcome =>
  outcome !== 'second-round' && outcome !== 'convert-to-verification';

interface ResultOf<Source extends string, Outcome extends string> {
  source: Source;
  outcome: Outcome;
  /** The inquiry or verification whose result concluded the petition. */
  ref: string;
  concludedOn: string;
}

export type Conclusion =
  ResultOf<'inquiry', ConcludingInquiryOutcome> | ResultOf<'verification', VerificationDecidedV1['decision']>;

/** 实名举报结果反馈: feedback to a real-name reporter within 15 working days of conclusion (configurable). */
export const DEFAULT_FEEDBACK_WORKING_DAYS = 15;
export const feedbackClockId = (petitionId: string) => `petition-feedback-${petitionId}`;
