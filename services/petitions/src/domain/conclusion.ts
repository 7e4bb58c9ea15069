// How a transferred petition ends: the inquiry or verification of its clue reached a result that
// closes the matter for the reporter (a second round or a conversion does not).
export const CONCLUDING_SOURCES = ['inquiry', 'verification'] as const;
export const CONCLUDING_OUTCOMES = {
  inquiry: ['accepted', 'light-measure'],
  verification: ['file-case', 'close', 'light-measure', 'shelve', 'transfer'],
} as const;

export type ConcludingSource = (typeof CONCLUDING_SOURCES)[number];
export type ConcludingOutcome = (typeof CONCLUDING_OUTCOMES)[ConcludingSource][number];

export interface Conclusion {
  outcome: ConcludingOutcome;
  source: ConcludingSource;
  /** The inquiry or verification whose result concluded the petition. */
  ref: string;
  concludedOn: string;
}

/** 实名举报结果反馈: feedback to a real-name reporter within 15 working days of conclusion (configurable). */
export const DEFAULT_FEEDBACK_WORKING_DAYS = 15;
export const feedbackClockId = (petitionId: string) => `petition-feedback-${petitionId}`;
