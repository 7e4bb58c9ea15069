import type { EventContract } from '../../registry.js';
import { OpinionRepliedV1 } from './opinion-replied.v1.js';
import { PublicOpinionForwardedV1 } from './public-opinion-forwarded.v1.js';

export * from './opinion-replied.v1.js';
export * from './public-opinion-forwarded.v1.js';

/** Internal event type → its public contract. An event is public iff it is listed here. */
export const publicityPublicEvents = {
  OpinionReplied: OpinionRepliedV1,
  PublicOpinionForwarded: PublicOpinionForwardedV1,
} as const satisfies Record<string, EventContract>;
