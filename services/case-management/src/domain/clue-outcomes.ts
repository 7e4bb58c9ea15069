// What the end of an inquiry (谈话函询) or a preliminary verification (初步核实) makes of the clue it
// handled. The supervision offices decide; the register only follows. The outcome lists are
// supervision's contract (libs/contracts/src/api/supervision.ts), written there once.
import type { InquiryOutcome, VerificationDecision } from '@jiandu/contracts';

export type { InquiryOutcome, VerificationDecision } from '@jiandu/contracts';

/**
 * What a case (审查调查 → 审理) ends in, as far as the register follows it: review's SanctionDecided,
 * review's ReviewConcludedWithoutSanction (免予处分 / 不予处分), or supervision's CaseFilingRejected
 * (不予立案: leadership refused to file it).
 */
export type CaseOutcome = 'sanctioned' | 'no-sanction' | 'filing-rejected';

/** How an inquiry, a verification or a case ended: the source and an outcome that source can reach. */
export type Outcome =
  | { source: 'inquiry'; outcome: InquiryOutcome }
  | { source: 'verification'; outcome: VerificationDecision }
  | { source: 'case'; outcome: CaseOutcome };
export type OutcomeSource = Outcome['source'];
export type ClueOutcome = Outcome['outcome'];

/** The statuses of a clue whose disposition was approved. */
export type HandlingStatus = 'InInquiry' | 'InVerification' | 'Shelved' | 'Closed' | 'ToInvestigation' | 'Sanctioned';

/** An outcome is taken only while the clue is handled that way. */
export const HANDLED_IN = {
  inquiry: 'InInquiry',
  verification: 'InVerification',
  case: 'ToInvestigation',
} as const satisfies Record<OutcomeSource, HandlingStatus>;

export const STATUS_AFTER_OUTCOME = {
  inquiry: {
    accepted: 'Closed',
    'light-measure': 'Closed',
    'second-round': 'InInquiry',
    'convert-to-verification': 'InVerification',
  },
  verification: {
    'file-case': 'ToInvestigation',
    close: 'Closed',
    'light-measure': 'Closed',
    shelve: 'Shelved',
    // Transferred to the body competent for it: closed in this register.
    transfer: 'Closed',
  },
  // Review's sanction ends the case: the clue is sanctioned. A review concluded without a sanction
  // (免予处分 / 不予处分), or a case not filed (不予立案), closes it.
  case: { sanctioned: 'Sanctioned', 'no-sanction': 'Closed', 'filing-rejected': 'Closed' },
} as const satisfies {
  inquiry: Record<InquiryOutcome, HandlingStatus>;
  verification: Record<VerificationDecision, HandlingStatus>;
  case: Record<CaseOutcome, HandlingStatus>;
};

export function statusAfterOutcome(outcome: Outcome): HandlingStatus {
  switch (outcome.source) {
    case 'inquiry':
      return STATUS_AFTER_OUTCOME.inquiry[outcome.outcome];
    case 'verification':
      return STATUS_AFTER_OUTCOME.verification[outcome.outcome];
    case 'case':
      return STATUS_AFTER_OUTCOME.case[outcome.outcome];
  }
}

/** The outcome alone, copied field by field (whatever else the value carries stays behind). */
export function outcomeOf(outcome: Outcome): Outcome {
  switch (outcome.source) {
    case 'inquiry':
      return { source: 'inquiry', outcome: outcome.outcome };
    case 'verification':
      return { source: 'verification', outcome: outcome.outcome };
    case 'case':
      return { source: 'case', outcome: outcome.outcome };
  }
}

/** One inquiry or verification counts once, however often its outcome arrives. */
export const outcomeKey = (source: OutcomeSource, ref: string) => `${source}:${ref}`;
