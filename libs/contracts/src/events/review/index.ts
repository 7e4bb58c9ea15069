import type { EventContract, Upcaster } from '../../registry.js';
import { CaseReturnedForInvestigationV1 } from './case-returned-for-investigation.v1.js';
import { CommonIssueIdentifiedV1 } from './common-issue-identified.v1.js';
import { ReviewConcludedWithoutSanctionV1 } from './review-concluded-without-sanction.v1.js';
import {
  ReviewConcludedWithoutSanctionV1ToV2,
  ReviewConcludedWithoutSanctionV2,
} from './review-concluded-without-sanction.v2.js';
import { SanctionDecidedV1 } from './sanction-decided.v1.js';
import { SanctionDecidedV1ToV2, SanctionDecidedV2 } from './sanction-decided.v2.js';
import { SanctionEffectEndedV1 } from './sanction-effect-ended.v1.js';
import { SanctionEffectEndedV1ToV2, SanctionEffectEndedV2 } from './sanction-effect-ended.v2.js';

export * from './case-returned-for-investigation.v1.js';
export * from './common-issue-identified.v1.js';
export * from './review-concluded-without-sanction.v1.js';
export * from './review-concluded-without-sanction.v2.js';
export * from './sanction-decided.v1.js';
export * from './sanction-decided.v2.js';
export * from './sanction-effect-ended.v1.js';
export * from './sanction-effect-ended.v2.js';

/** Internal event type → its public contract. An event is public iff it is listed here. */
export const reviewPublicEvents = {
  CaseReturnedForInvestigation: CaseReturnedForInvestigationV1,
  SanctionDecided: SanctionDecidedV2,
  ReviewConcludedWithoutSanction: ReviewConcludedWithoutSanctionV2,
  SanctionEffectEnded: SanctionEffectEndedV2,
  CommonIssueIdentified: CommonIssueIdentifiedV1,
} as const satisfies Record<string, EventContract>;

/** Earlier versions, still in the stream and in the store, and their upcasters to the latest. */
export const reviewEarlierEvents: readonly EventContract[] = [
  SanctionDecidedV1,
  ReviewConcludedWithoutSanctionV1,
  SanctionEffectEndedV1,
];
export const reviewUpcasters: readonly Upcaster[] = [
  SanctionDecidedV1ToV2,
  ReviewConcludedWithoutSanctionV1ToV2,
  SanctionEffectEndedV1ToV2,
];
