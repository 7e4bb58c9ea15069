// The offices a decider checks against. The office code patterns are @jiandu/access's; this only
// combines them.
import { DISPATCHED_AGENCY, SUPERVISION_OFFICE } from '@jiandu/access';

export { DISPATCHED_AGENCY, SUPERVISION_OFFICE };

/** `^(a|b)$` from `^a$` and `^b$`. */
const either = (...patterns: RegExp[]): RegExp =>
  new RegExp(`^(?:${patterns.map((p) => p.source.replace(/^\^|\$$/g, '')).join('|')})$`);

/** The offices that handle clues and supervise zones: a 纪检监察室 or a 派驻机构. */
export const HANDLING_OFFICE: RegExp = either(SUPERVISION_OFFICE, DISPATCHED_AGENCY);
