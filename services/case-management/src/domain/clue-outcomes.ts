// What the end of an inquiry (谈话函询) or a preliminary verification (初步核实) makes of the clue it
// handled. The supervision offices decide; the register only follows.
export const OUTCOME_SOURCES = ['inquiry', 'verification'] as const;
/** 采信了结 / 谈话提醒·批评教育·责令检查·诫勉 / 二次谈话·函询 / 转初核. */
export const INQUIRY_OUTCOMES = ['accepted', 'light-measure', 'second-round', 'convert-to-verification'] as const;
/** 立案 / 了结 / 轻处理 / 暂存待查 / 移送. */
export const VERIFICATION_DECISIONS = ['file-case', 'close', 'light-measure', 'shelve', 'transfer'] as const;

export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];
export type InquiryOutcome = (typeof INQUIRY_OUTCOMES)[number];
export type VerificationDecision = (typeof VERIFICATION_DECISIONS)[number];
export type ClueOutcome = InquiryOutcome | VerificationDecision;

/** The statuses of a clue whose disposition was approved. */
export type HandlingStatus = 'InInquiry' | 'InVerification' | 'Shelved' | 'Closed' | 'ToInvestigation';

export const OUTCOMES_OF: Record<OutcomeSource, readonly ClueOutcome[]> = {
  inquiry: INQUIRY_OUTCOMES,
  verification: VERIFICATION_DECISIONS,
};

/** An outcome is taken only while the clue is handled that way. */
export const HANDLED_IN = { inquiry: 'InInquiry', verification: 'InVerification' } as const satisfies Record<OutcomeSource, HandlingStatus>;

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
} as const satisfies { inquiry: Record<InquiryOutcome, HandlingStatus>; verification: Record<VerificationDecision, HandlingStatus> };

/** Call with an outcome of OUTCOMES_OF[source]; anything else is a programming error. */
export function statusAfterOutcome(source: OutcomeSource, outcome: ClueOutcome): HandlingStatus {
  const status = (STATUS_AFTER_OUTCOME[source] as Partial<Record<ClueOutcome, HandlingStatus>>)[outcome];
  if (status === undefined) throw new RangeError(`${source} has no outcome ${outcome}`);
  return status;
}

/** One inquiry or verification counts once, however often its outcome arrives. */
export const outcomeKey = (source: OutcomeSource, ref: string) => `${source}:${ref}`;
